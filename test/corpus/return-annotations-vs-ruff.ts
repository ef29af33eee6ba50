// return-annotations against Ruff's ANN201/ANN202/ANN204 (and ANN205/ANN206, the same inference for static and
// class methods) fixes on real code: per function, the annotation each adds. Every function where they differ
// is sorted by kind: where Ruff writes what the body does not prove (its known wrong inferences) or what
// return-annotations leaves alone by design (several return types, NoReturn).
//
//   npx tsx test/corpus/return-annotations-vs-ruff.ts [CORPUS|FILE...] [--target py310] [--show N]
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import returnAnnotations from '../../transforms/return-annotations/index.js';
import { bodyFacts, ReturnIndex } from '../../transforms/return-annotations/flow.js';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { LineIndex } from '../../src/core/text.js';
import type { TargetVersion } from '../../src/core/settings.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

const args = process.argv.slice(2);
const target = (takeFlag(args, '--target') ?? 'py310') as TargetVersion;
const show = Number(takeFlag(args, "--show") ?? 3);
const inputs = args.length ? args : ['/tmp/pycodemod-corpus'];
const files = inputs.flatMap((p) => (statSync(p).isDirectory() ? pythonFiles(p) : [p]));
const root = inputs.length === 1 && statSync(inputs[0]!).isDirectory() ? inputs[0]! : '/';

const ws = new Workspace({ 'target-version': target, lint: { select: ['ANN201', 'ANN202', 'ANN204', 'ANN205', 'ANN206'] } }, PositionEncoding.Utf16);
const parser = await loadPythonParser();

let functions = 0;
let agree = 0;
let bothNone = 0;
let oursOnly = 0;
let ruffOnly = 0;
let differ = 0;
let filesCompared = 0;
const kinds = new Map<string, string[]>();
const note = (kind: string, where: string) => kinds.set(kind, [...(kinds.get(kind) ?? []), where]);

for (const file of files) {
  let source = readFileSync(file, 'utf8');
  if (source.startsWith('\uFEFF')) source = source.slice(1);
  const rel = relative(root, file);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let diags: any[];
  try {
    diags = ws.check(source);
  } catch {
    continue;
  }
  if (diags.some((d) => d.code === null || d.code === 'invalid-syntax')) continue;
  const ours = await transformSourceWith(source, { path: rel, transforms: [returnAnnotations], settings: { targetVersion: target } });
  if (ours.kind !== 'ok') continue;
  const tree = parser.parse(source);
  if (tree.rootNode.hasError) {
    tree.delete();
    continue;
  }
  filesCompared++;
  const lines = new LineIndex(source);
  // Ruff: the name's line -> its annotation (undefined: flagged without a fix).
  const ruff = new Map<number, string | undefined>();
  for (const d of diags) {
    const edit = d.fix?.edits.find((e: { content: string | null }) => e.content?.startsWith(' -> '));
    ruff.set(d.start_location.row, edit ? (edit.content as string).slice(4) : undefined);
  }
  // Ours: the def's line -> the annotation; skipped functions -> the reason.
  const mine = new Map<number, string>();
  for (const e of ours.edits) {
    const m = /-> (\S+) \(/.exec(e.message);
    if (m) mine.set(e.line, m[1]!);
  }
  const reasons = new Map<number, string>();
  for (const s of ours.skips) reasons.set(s.line, s.reason.replace(/^`[^`]*` gets no return annotation: /, ''));
  const funcs: Node[] = [];
  const walk = (n: Node) => {
    if (n.type === 'function_definition' && !n.childForFieldName('return_type')) funcs.push(n);
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(tree.rootNode);
  const index = new ReturnIndex(tree.rootNode, source);
  for (const f of funcs) {
    const name = f.childForFieldName('name')!;
    const line = name.startPosition.row + 1;
    const defLine = f.startPosition.row + 1;
    if (!ruff.has(line) && !mine.has(defLine)) continue;
    functions++;
    const r = ruff.get(line);
    const o = mine.get(defLine);
    const where = `${rel}:${line} ${name.text}`;
    if (r === o) {
      if (r === undefined) bothNone++;
      else agree++;
      continue;
    }
    if (o === undefined) ruffOnly++;
    else if (r === undefined) oursOnly++;
    else differ++;
    note(kindOf(f, index, r, o, reasons.get(defLine)), `${where}: ruff ${r ?? '-'}, ours ${o ?? '-'}`);
  }
  tree.delete();
  void lines;
}
ws.free();

/** A `with` statement in `f`'s own body (not in a nested function or class). */
function hasWith(f: Node): boolean {
  const visit = (n: Node): boolean =>
    n.namedChildren.some((c) => !!c && c.type !== 'function_definition' && c.type !== 'class_definition' && (c.type === 'with_statement' || visit(c)));
  return visit(f.childForFieldName('body')!);
}

/** Why Ruff's annotation `r` and ours `o` differ for function `f`. */
function kindOf(f: Node, index: ReturnIndex, r: string | undefined, o: string | undefined, reason: string | undefined): string {
  const facts = bodyFacts(f, index, () => undefined);
  const returnsValue = facts.returns.some((x) => x.value !== 'none');
  if (o === undefined && r !== undefined) {
    if (/\||Optional|Union/.test(r)) return `left alone by design: several return types or an implicit None (Ruff: a union such as \`${r}\`)`;
    if (/NoReturn|Never/.test(r)) return 'left alone by design: never returns (Ruff: NoReturn / Never)';
    if (reason?.startsWith('a stub')) return "Ruff wrong: `-> None` on a stub (a body of `...`; ruff#9270's kind)";
    if (reason?.startsWith('an abstract method')) return 'Ruff wrong: annotates an abstract method from its placeholder body';
    if (reason?.startsWith('a method of a Protocol')) return "Ruff wrong: annotates a Protocol's method from its placeholder body";
    if (reason?.startsWith('it never returns')) return `Ruff wrong: \`-> ${r}\` on a function that never returns (ruff#9201's kind)`;
    if (r === 'None' && returnsValue) return 'Ruff wrong: `-> None` on a function that returns a value (ruff#8879\'s kind)';
    const literals = facts.returns.length > 0 && facts.returns.every((x) => x.value === r);
    if (literals && facts.completes) {
      if (hasWith(f)) return `left alone by design: \`-> ${r}\` from returns inside a \`with\` block (its context manager may swallow an exception and run on past it; Ruff assumes none does)`;
      return `Ruff wrong: \`-> ${r}\` on a function that can fall off its end (an implicit None)`;
    }
    if (r === 'complex') return 'left alone by design: complex literals';
    if (r === 'float' && facts.returns.some((x) => x.value === 'int')) return 'left alone by design: int and float literals (Ruff: float)';
    if (facts.returns.some((x) => x.value === 'other')) return `left alone by design: \`-> ${r}\` inferred from an expression that is not a literal (\`return "..." % x\`, a comparison)`;
    if (reason) return `left alone with a reason: ${reason.replace(/`[^`]*`/g, '`…`').replace(/ at line \d+/g, '')}`;
    return `other (Ruff: ${r})`;
  }
  if (r === undefined && o !== undefined) return `Ruff offers no fix where the body proves \`-> ${o}\``;
  if (o !== undefined && r === `${o} | None`)
    return 'Ruff wrong: `X | None` where every path returns an X (returns in both a try and its handlers, or before a finally)';
  if (/NoReturn|Never/.test(r ?? '') && o === 'None') {
    if (hasWith(f)) return 'Ruff: NoReturn where a `with` block raises; ours: `-> None` (its context manager may swallow the exception: `assertRaises`, `suppress`)';
    return 'Ruff wrong: NoReturn on a function that can return (a loop that may not run)';
  }
  if (o === 'None' && !returnsValue) return `Ruff: the type \`${r}\` a special method usually returns; ours: what the body returns (nothing)`;
  return `other (Ruff: ${r}, ours: ${o})`;
}

console.log(`return-annotations vs Ruff ANN201/202/204/205/206 fixes, target ${target}, scope all: ${filesCompared} files`);
console.log(`functions flagged or annotated: ${functions}`);
console.log(`  same annotation: ${agree}; neither annotates: ${bothNone}`);
console.log(`  Ruff only: ${ruffOnly}; ours only: ${oursOnly}; different: ${differ}`);
console.log('disagreements by kind:');
for (const [k, list] of [...kinds].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${String(list.length).padStart(5)}  ${k}`);
  for (const w of list.slice(0, show)) console.log(`           ${w}`);
}
