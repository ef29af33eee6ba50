// Transform `print-to-logging`: print() calls become logger calls that print the same text.
import { defineTransform } from '../src/core/types.js';

export default defineTransform({
  id: 'print-to-logging',
  description: 'Replace print() calls with calls to a module-level logger, with lazy %-style arguments',
  docs: {
    whatItDoes: 'TODO',
    why: 'Logging can be filtered, routed and formatted; print cannot.',
    example: { before: 'print("Processing", n, "items")\n', after: 'logger.info("Processing %s items", n)\n' },
    semantics: 'TODO',
  },
  options: {},
  transform() {},
});
