// A plugin in plain JavaScript, as an author with no build step writes one: `# todo` -> `# TODO`.
import { defineTransform } from 'pycodemod';

export default defineTransform({
  id: 'upper-todo',
  description: 'Spell TODO comments in capitals',
  docs: {
    whatItDoes: '`# todo: x` becomes `# TODO: x`.',
    why: 'Editors highlight TODO.',
    example: { before: '# todo: x\n', after: '# TODO: x\n' },
    semantics: 'Comments only: behaviour is unchanged.',
  },
  options: {},
  transform(ctx) {
    for (const m of ctx.source.matchAll(/#\s*(todo)\b/g)) {
      const start = m.index + m[0].length - 4;
      const node = ctx.root.descendantForIndex(start);
      if (node?.type !== 'comment') continue;
      ctx.report({ node, message: 'TODO in capitals', fix: [{ start, end: start + 4, text: 'TODO' }] });
    }
  },
});
