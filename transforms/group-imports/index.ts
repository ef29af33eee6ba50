// Transform `group-imports`: imports grouped into sections and sorted, as Ruff's isort rules do.
import { defineTransform } from '../../src/core/types.js';

export default defineTransform({
  id: 'group-imports',
  description: 'Group imports into future / standard library / third-party / first-party / local sections and sort them',
  docs: {
    whatItDoes: 'TODO',
    why: 'A fixed import layout makes a module\'s dependencies readable at a glance and keeps diffs small.',
    example: { before: 'import sys\nimport requests\nimport os\n', after: 'import os\nimport sys\n\nimport requests\n' },
    semantics: 'TODO',
  },
  options: {},
  transform() {},
});
