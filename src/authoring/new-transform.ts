// `pycodemod new-transform ID`: the files of a new codemod, passing their tests as generated:
//   <dir>/<id>.ts                            the transform: it reports calls to `old_function()`, without
//                                            rewriting them, until its report gets a `fix`
//   <dir>/fixtures/<id>/example.input.py     a fixture (no output file: the input must not change)
//   <dir>/fixtures/<id>/example.skips.txt    ...and the report the transform makes on it
//   <dir>/<id>.test.ts                       the fixture tests, through pycodemod/testing
// Nothing is overwritten: if any of the files exists, nothing is written.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { builtinTransforms } from '../../transforms/index.js';
import { RESERVED_IDS, TRANSFORM_ID } from '../plugins/load.js';

export interface NewTransformResult {
  /** The files written, relative to the cwd. */
  files: string[];
  /** What to do next, for the user. */
  next: string;
}

export function newTransform(id: string, options: { cwd: string; dir?: string }): NewTransformResult {
  if (!TRANSFORM_ID.test(id)) throw new UsageError(`transform id \`${id}\` must be kebab-case: lower-case letters, digits and single dashes (like \`rename-fetch\`)`);
  if (RESERVED_IDS.has(id)) throw new UsageError(`transform id \`${id}\` is a key of [tool.pycodemod]; choose another id`);
  if (builtinTransforms.some((t) => t.id === id)) throw new UsageError(`\`${id}\` is the id of a built-in transform; choose another id`);
  const dir = resolve(options.cwd, options.dir ?? 'codemods');
  const files: Record<string, string> = {
    [join(dir, `${id}.ts`)]: transformModule(id),
    [join(dir, 'fixtures', id, 'example.input.py')]: EXAMPLE_INPUT,
    [join(dir, 'fixtures', id, 'example.skips.txt')]: EXAMPLE_SKIPS,
    [join(dir, `${id}.test.ts`)]: testModule(id),
  };
  const rel = (p: string) => relative(options.cwd, p) || '.';
  const existing = Object.keys(files).filter((f) => existsSync(f));
  if (existing.length) throw new UsageError(`not overwriting ${existing.map(rel).join(', ')}`, 'choose another id or --dir, or remove them');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: 'wx' });
  }
  const module = rel(join(dir, `${id}.ts`));
  const glob = `${rel(dir)}/*.ts`;
  const next = [
    `Next:`,
    `  pycodemod -t ${module} -v .     run it: -v lists what it reports (it rewrites nothing until its report gets a fix)`,
    `  pycodemod --print-tree FILE.py   the node types and fields a transform can look for`,
    `  npx vitest run ${rel(dir)}       its fixture tests (needs pycodemod and vitest: npm install -D pycodemod vitest)`,
    `  plugins = ["${glob}"]  under [tool.pycodemod] in pyproject.toml: load it on every run`,
  ].join('\n');
  return { files: Object.keys(files).map(rel), next };
}

const EXAMPLE_INPUT = `# A call to old_function() is reported; until the transform rewrites it, the file does not change.
import os

result = old_function(os.sep)
other = keep_me(1)
`;

// LINE:COLUMN: REASON for each report the transform makes without a fix (what \`pycodemod -v\` lists).
const EXAMPLE_SKIPS = `4:10: call to old_function()
`;

function transformModule(id: string): string {
  return `// ${id}: TODO say what this codemod rewrites, and why.
//
// As generated it only reports: each call to \`old_function(...)\` is listed by \`pycodemod -v\` as "not
// rewritten". To make it rewrite, give the report a \`fix\` (the edits: replace [start, end) of the source by
// text), then write the expected result in fixtures/${id}/example.output.py by hand and remove the line
// of example.skips.txt it no longer reports. \`pycodemod --print-tree FILE\` shows the nodes and fields
// a transform can look for; ctx.python has helpers for imports, scopes and indentation.
import { defineTransform } from 'pycodemod';

const options = {
  'function-name': { type: 'string', default: 'old_function', description: 'The function whose calls are reported' },
} as const;

export default defineTransform({
  id: '${id}',
  description: 'TODO: one line on what it rewrites',
  docs: {
    whatItDoes: 'TODO: what it rewrites, and what it leaves alone.',
    why: 'TODO: why the new form is better.',
    example: { before: 'result = old_function(x)\\n', after: 'result = old_function(x)\\n' },
    semantics: 'TODO: what the rewrite can change in the behaviour of the program (so far nothing: it only reports).',
  },
  options,
  transform(ctx) {
    const name = ctx.options['function-name'];
    // Candidates from the text first: most files never mention the name, and they cost nothing more.
    if (!ctx.source.includes(name)) return;
    for (const { node } of ctx.query('(call function: (identifier) @callee)').captures(ctx.root)) {
      if (node.text !== name) continue;
      ctx.report({
        node,
        message: \`call to \${name}()\`,
        // fix: [{ start: node.startIndex, end: node.endIndex, text: 'new_function' }],
      });
    }
  },
});
`;
}

function testModule(id: string): string {
  return `// The fixture tests of ${id}: each fixtures/${id}/<case>.input.py must become <case>.output.py exactly
// (no output file: it must not change), report what <case>.skips.txt lists, parse, and settle in one run.
import { defineFixtureTests } from 'pycodemod/testing';
import transform from './${id}.js';

defineFixtureTests(transform, new URL('./fixtures/${id}/', import.meta.url));
`;
}
