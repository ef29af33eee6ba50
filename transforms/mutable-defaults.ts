// Transform `mutable-defaults`: mutable default arguments become `None` plus a guard in the body.
import { defineTransform } from '../src/core/types.js';

export default defineTransform({
  id: 'mutable-defaults',
  description: 'Replace mutable default arguments with None and build the value inside the function',
  docs: {
    whatItDoes: 'TODO',
    why: 'A default value is evaluated once, when the function is defined, so a list or dict default is shared by every call.',
    example: { before: 'def add(x, bucket=[]):\n    bucket.append(x)\n', after: 'def add(x, bucket=None):\n    if bucket is None:\n        bucket = []\n    bucket.append(x)\n' },
    semantics: 'TODO',
  },
  options: {},
  transform() {},
});
