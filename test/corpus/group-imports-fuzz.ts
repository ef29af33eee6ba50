// Random import blocks, sorted by Ruff's I001 fix and by group-imports, compared byte for byte.
//
//   npx tsx test/corpus/group-imports-fuzz.ts [COUNT] [SEED] [OPTIONS-JSON]
//
// OPTIONS-JSON: group-imports options, which are also Ruff's isort setting names,
// e.g. '{"force-single-line": true}'.
//
// The blocks mix names (case, digits, underscores), relative imports, aliases, star imports,
// comments in every position, parentheses with and without magic trailing commas, blank lines,
// nesting and CRLF, so that the rare combinations the corpus lacks are exercised too.
import { ruffFix, ruffWorkspace } from './group-imports-ruff.js';
import groupImports from '../../transforms/group-imports/index.js';
import { transformSourceWith } from '../../src/core/transform-source.js';

const count = Number(process.argv[2] ?? 2000);
let seed = Number(process.argv[3] ?? 1);
const options: Record<string, unknown> = JSON.parse(process.argv[4] ?? '{}');
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;

const MODULES = ['os', 'sys', 'os.path', 'collections.abc', 'typing', 'json', 'requests', 'Django', 'django.db', 'attr', 'a1', 'a10', 'a2', 'mypkg', 'mypkg.sub', '_private', 'Zeta', 'zeta', 'numpy', 'numpy.linalg', 'six', '__future__x'];
const NAMES = ['path', 'Path', 'PATH', 'X', 'x', 'y2', 'y10', '_y', '__all__', 'CONST_1', 'Class', 'func', 'aB', 'Ab', 'ab', 'éclair'];
const COMMENTS = ['# c', '# noqa: F401', '# type: ignore', '# long comment that goes on and on and on', '# é 日本'];

function name(): string {
  return pick(NAMES) + (chance(0.15) ? ` as ${pick(NAMES)}` : '');
}

function statement(): string {
  const r = rand();
  const comment = chance(0.2) ? `  ${pick(COMMENTS)}` : '';
  if (r < 0.3) {
    const mods = [pick(MODULES)];
    while (chance(0.2)) mods.push(pick(MODULES));
    return `import ${mods.map((m) => m + (chance(0.15) ? ` as ${pick(NAMES)}` : '')).join(', ')}${comment}`;
  }
  const rel = chance(0.2) ? '.'.repeat(1 + Math.floor(rand() * 3)) : '';
  const mod = rel && chance(0.3) ? rel : rel + pick(MODULES);
  if (chance(0.08)) return `from ${mod} import *${comment}`;
  const names = [name()];
  while (chance(0.5)) names.push(name());
  if (chance(0.35)) {
    // Parenthesized, one name per line, maybe with comments and a magic trailing comma.
    const lines = names.map((n, i) => `    ${n}${i < names.length - 1 || chance(0.6) ? ',' : ''}${chance(0.15) ? `  ${pick(COMMENTS)}` : ''}`);
    if (chance(0.15)) lines.splice(Math.floor(rand() * lines.length), 0, `    ${pick(COMMENTS)}`);
    return `from ${mod} import (${chance(0.15) ? `  ${pick(COMMENTS)}` : ''}\n${lines.join('\n')}\n)${comment}`;
  }
  return `from ${mod} import ${names.join(', ')}${comment}`;
}

function block(indent: string): string {
  const out: string[] = [];
  const n = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    if (chance(0.15)) out.push('');
    if (chance(0.15)) out.push(pick(COMMENTS));
    out.push(statement());
  }
  return out.map((l) => (l === '' ? l : l.split('\n').map((x) => indent + x).join('\n'))).join('\n');
}

function file(): string {
  const parts: string[] = [];
  if (chance(0.2)) parts.push('"""Doc."""');
  if (chance(0.1)) parts.push('from __future__ import annotations');
  parts.push(block(''));
  const after = pick(['', '\n', '\n\n', '\n\n\n']);
  const next = pick(['x = 1', 'def f():\n    pass', 'class C:\n    pass', '# trailing comment', '@dec\ndef g():\n    pass', 'if x:\n' + block('    ') + '\n    y = 1', 'def h():\n' + block('    ') + '\n\n    return 1']);
  let text = parts.join('\n') + '\n' + after + next + '\n';
  if (chance(0.1)) text = text.replace(/\n/g, '\r\n');
  return text;
}

const ws = ruffWorkspace({ lineLength: 60, options, knownFirstParty: ['mypkg'] });
const settings = { lineLength: 60, knownFirstParty: ['mypkg'], src: [], projectRoot: '/nonexistent', transformOptions: { 'group-imports': options } };
let same = 0;
let compared = 0;
let guarded = 0;
for (let i = 0; i < count; i++) {
  const source = file();
  const ruff = ruffFix(ws, source);
  if (ruff === undefined) continue;
  const ours = await transformSourceWith(source, { path: 'm.py', transforms: [groupImports], settings });
  if (ours.kind !== 'ok') {
    console.log(`#${i}: ${ours.kind}\n${source}`);
    continue;
  }
  compared++;
  if (ours.output === ruff) {
    same++;
    continue;
  }
  // The binding guard leaves such blocks alone on purpose (README, difference 1).
  if (ours.skips.some((s) => /^sorting would /.test(s.reason))) {
    guarded++;
    continue;
  }
  if (compared - same - guarded <= 5) console.log(`#${i} differs\n--- input\n${source}--- ruff\n${ruff}--- pycodemod\n${ours.output}`);
}
console.log(`${same}/${compared} identical; ${guarded} left alone by the binding guard; ${compared - same - guarded} other differences`);
process.exitCode = compared - same - guarded === 0 ? 0 : 1;
