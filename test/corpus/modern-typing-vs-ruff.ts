// modern-typing against Ruff on real code: for every corpus file Ruff can parse, the output of modern-typing
// alone must be byte-identical to Ruff's UP006 + UP007 + UP045 fix followed by removing the typing imports it
// left unused (test/corpus/modern-typing-ruff.ts), on >= 99% of the files.
//
//   npx tsx test/corpus/modern-typing-vs-ruff.ts [CORPUS|FILE...] [--target py310] [--future] [--no-abc] [--no-aliases] [--show N]
//
// --target py39 --future: only files that have `from __future__ import annotations` (the annotation-only
// rewrites); --add-future: every file that mentions typing, given that import first. --no-abc: modern-typing without its collections.abc moves, against UP006+UP007+UP045 exactly
// (the issue's reference); by default both sides also move typing's aliases of collections.abc (UP035's part).
// --no-aliases: without rewriting the unions of module-level aliases (Ruff reports them without a fix).
// Every differing file is listed by kind (--show N prints the first N diffs).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { createTwoFilesPatch, diffLines } from 'diff';
import modernTyping from '../../transforms/modern-typing/index.js';
import { transformSourceWith } from '../../src/core/transform-source.js';
import type { TargetVersion } from '../../src/core/settings.js';
import { pythonFiles, takeFlag } from './corpus-files.js';
import { freeWorkspaces, ruffModernTyping } from './modern-typing-ruff.js';

const args = process.argv.slice(2);
const target = (takeFlag(args, '--target') ?? 'py310') as TargetVersion;
const show = Number(takeFlag(args, '--show') ?? 0);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const futureOnly = flag('--future');
const addFuture = flag('--add-future');
const abc = !flag('--no-abc');
const aliases = !flag('--no-aliases');
const inputs = args.length ? args : ['/tmp/pycodemod-corpus'];
const files = inputs.flatMap((p) => (statSync(p).isDirectory() ? pythonFiles(p) : [p]));
const root = inputs.length === 1 && existsSync(inputs[0]!) && statSync(inputs[0]!).isDirectory() ? inputs[0]! : '/';

let compared = 0;
let identical = 0;
let changedByUs = 0;
let changedByRuff = 0;
let bothUnchanged = 0;
let notParsed = 0;
const differing: { file: string; ours: string; ruff: string; source: string }[] = [];
const sites = { ours: 0 };
const t0 = performance.now();
for (const file of files) {
  let source = readFileSync(file, 'utf8');
  if (source.startsWith('\uFEFF')) source = source.slice(1);
  if (addFuture) {
    // Every module that imports typing, given the future import (after its leading comments): the annotation-only
    // rewrites on far more code than the few corpus modules that have it.
    if (!/\btyping\b/.test(source) || /\bfrom[ \t]+__future__\b/.test(source)) continue;
    const head = /^(?:#[^\n]*\n|[ \t]*\n)*/.exec(source)![0];
    source = `${head}from __future__ import annotations\n${source.slice(head.length)}`;
  }
  if (futureOnly && !/^from __future__ import[^\n]*\bannotations\b/m.test(source)) continue;
  const reference = ruffModernTyping(source, target, abc);
  if (reference.output === undefined) {
    notParsed++;
    continue;
  }
  const ours = await transformSourceWith(source, {
    path: relative(root, file),
    transforms: [modernTyping],
    settings: { targetVersion: target, transformOptions: { 'modern-typing': { 'collections-abc': abc, 'rewrite-aliases': aliases } } },
  });
  if (ours.kind !== 'ok') {
    notParsed++;
    continue;
  }
  compared++;
  if (ours.output !== source) {
    changedByUs++;
    sites.ours += ours.edits.length;
  }
  if (reference.output !== source) changedByRuff++;
  if (ours.output === source && reference.output === source) bothUnchanged++;
  if (ours.output === reference.output) identical++;
  else differing.push({ file: relative(root, file), ours: ours.output, ruff: reference.output, source });
}
freeWorkspaces();

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(2)}%`);
const touched = compared - bothUnchanged;
console.log(`modern-typing vs Ruff (${abc ? 'UP006+UP007+UP045+UP035 collections.abc' : 'UP006+UP007+UP045'}, then typing imports left unused), target ${target}${futureOnly ? ', files with `from __future__ import annotations`' : ''}${addFuture ? ', `from __future__ import annotations` added to every file that mentions typing' : ''}${aliases ? '' : ', rewrite-aliases off'}`);
console.log(`files compared:        ${compared} (${notParsed} not parsed by Ruff or pycodemod)`);
console.log(`changed by us / Ruff:  ${changedByUs} / ${changedByRuff}`);
console.log(`identical:             ${identical} of ${compared} (${pct(identical, compared)}); of the ${touched} files either changes: ${identical - bothUnchanged} (${pct(identical - bothUnchanged, touched)})`);
console.log(`differing:             ${differing.length}`);
const byKind = new Map<string, string[]>();
for (const d of differing) {
  const kinds = [...classify(d.file, d.ours, d.ruff)].sort();
  console.log(`  ${d.file}  [${kinds.join(', ')}]`);
  for (const k of kinds) byKind.set(k, [...(byKind.get(k) ?? []), d.file]);
}
const unexplained = differing.filter((d) => classify(d.file, d.ours, d.ruff).has('other')).length;
console.log(`identical or differing only in the deliberate ways below: ${compared - unexplained} of ${compared} (${pct(compared - unexplained, compared)}); unexplained ("other"): ${unexplained}`);
console.log('differences by kind (files; a file may show several):');
for (const [k, list] of [...byKind].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${String(list.length).padStart(4)}  ${k}`);
for (const d of differing.slice(0, show)) {
  console.log(`\n==== ${d.file}: ours (-) vs Ruff (+)`);
  console.log(createTwoFilesPatch('ours', 'ruff', d.ours, d.ruff, '', '', { context: 1 }).split('\n').slice(4).join('\n'));
}
console.log(`seconds: ${((performance.now() - t0) / 1000).toFixed(1)}`);

/**
 * What kind of difference each changed block of a file is (the deliberate ones are listed in
 * transforms/modern-typing/README.md); "other" is anything not recognised.
 */
function classify(file: string, ours: string, ruff: string): Set<string> {
  const kinds = new Set<string>();
  const parts = diffLines(ours, ruff);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) continue;
    const mine = part.removed ? part.value : '';
    const next = part.removed && parts[i + 1]?.added ? parts[++i]!.value : part.added ? part.value : '';
    kinds.add(kindOf(file, mine, next));
  }
  return kinds;
}

function kindOf(file: string, mine: string, theirs: string): string {
  const quoted = /(["'])((?:(?!\1)[^\n])+)\1/g;
  const unquote = (t: string) => t.replace(new RegExp(`${quoted.source}(?=\\s*\\|)`, 'g'), '$2').replace(new RegExp(`(\\|\\s*)${quoted.source.replace('\\1', '\\2').replace('\\1', '\\2')}`, 'g'), '$1$3');
  if (mine && theirs && unquote(theirs) === mine) return 'quoted member unquoted (Ruff writes "X" | None, which get_type_hints cannot evaluate)';
  const imports = (t: string) => t.split('\n').every((l) => l.trim() === '' || /^\s*(from \S+ import|import )/.test(l) || /^\s*[\w, ]+,?\s*\)?$/.test(l));
  if (/collections_(deque|defaultdict)|from collections import (deque|defaultdict)/.test(mine + theirs)) return 'collections import placed or aliased by ensureFromImport';
  if (/builtins\./.test(theirs)) return 'builtin shadowed where the name is used: left alone (Ruff writes builtins.X)';
  if (/^\s*class \w+\(/m.test(mine) && /^\s*class \w+\(/m.test(theirs)) return 'generic in a base class left alone (typing.Generic stays in the MRO)';
  if (imports(mine) && imports(theirs) && /(^|\/)__init__\.py$/.test(file)) return 'freed import kept in __init__.py (may be a re-export)';
  if (imports(mine) && imports(theirs) && /collections\.abc/.test(mine + theirs)) return 'not moved to collections.abc (base class, value use or __all__)';
  if (/^\s*\w+\s*=.*\|/m.test(mine) && /(Union|Optional)\[/.test(theirs)) return 'module-level alias rewritten (Ruff reports it without a fix)';
  const code = (t: string) => t.replace(/(["'])(?:(?!\1)[^\n])*\1/g, '""');
  if (/\b(List|Dict|Tuple|Set|Type|FrozenSet|Deque|DefaultDict)\b/.test(code(mine)) && !/\b(List|Dict|Tuple|Set|Type|FrozenSet|Deque|DefaultDict)\b/.test(code(theirs))) return 'typing object used as a value left alone, or builtin shadowed';
  if (imports(mine) && imports(theirs)) return 'imports (follow from another difference)';
  if (/(Optional|Union)\[/.test(mine) && /\|/.test(theirs)) return 'union left alone (runtime reader, TypedDict, comment or unusual member)';
  if (/\|/.test(mine) && /(Optional|Union)\[/.test(theirs)) return 'union rewritten in a typing construct\'s argument at run time (Ruff leaves some)';
  if (process.env.SHOW_OTHER) console.log(`other in ${file}:\n${mine}---\n${theirs}===`);
  return 'other';
}
