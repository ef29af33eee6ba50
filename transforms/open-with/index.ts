// Transform `open-with`: `f = open(...)` ... `f.close()` in one block becomes a `with open(...) as f:`
// block around exactly the statements between (SIM115), and `f = open(...)` + `try: ... finally:
// f.close()` becomes the `with` it spells out. Only when certain (analysis.ts says why not); the body
// is re-indented with the block's own step, never inside strings (reindent.ts). An opened file that is
// never closed is reported with the line where it leaks.
import { codeText } from '../../src/core/python/code-text.js';
import type { Node } from 'web-tree-sitter';
import { defineTransform, type Edit, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { builtinAt } from '../../src/core/python/builtin-names.js';
import { indentationAt } from '../../src/core/text.js';
import { findClose, leakReport, type OpenSite } from './analysis.js';
import { indentLines, lineStartsInsideStrings } from './reindent.js';

const DEFAULT_OPENERS = [
  'open', 'builtins.open', 'io.open', 'codecs.open', 'gzip.open', 'bz2.open', 'lzma.open', 'tarfile.open', 'zipfile.ZipFile',
  'tempfile.NamedTemporaryFile', 'tempfile.TemporaryFile', 'tempfile.SpooledTemporaryFile',
];

const options = {
  'extend-openers': {
    type: 'string[]',
    default: [] as string[],
    description:
      'More calls that return a resource closed by `.close()` and usable in `with` as itself (`__enter__` returns the object, `__exit__` closes it), by qualified name (e.g. "mypkg.io.open_blob")',
  },
  'report-leaks': {
    type: 'boolean',
    default: true,
    description: 'Report opened files that are never closed (left to the garbage collector), with the line where they leak',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

export default defineTransform({
  id: 'open-with',
  description: 'Open files in a `with` block instead of calling close() by hand',
  docs: {
    whatItDoes:
      '`f = open(...)` followed in the same block by statements that use `f` and then `f.close()` becomes `with open(...) as f:` ' +
      'around exactly those statements, with `f.close()` removed; `f = open(...)` directly followed by `try: ... finally: ' +
      'f.close()` (no except/else) becomes `with open(...) as f:` around the try body. Also for `io.open`, `codecs.open`, ' +
      '`gzip.open`, `bz2.open`, `lzma.open`, `tarfile.open`, `zipfile.ZipFile`, `tempfile.NamedTemporaryFile`/`TemporaryFile`/' +
      '`SpooledTemporaryFile` however imported, and the qualified names in `extend-openers`. The statements move one ' +
      'indentation step deeper, in the block\'s own step (tabs or spaces); continuation lines and comments move with them; ' +
      'lines inside multi-line strings keep their bytes. Only when it is certain; left alone and reported with the reason: ' +
      '`f` returned, yielded, stored in an attribute, a container, a global or a closure (defined before the open too), rebound or deleted, used after ' +
      'the close or outside the block, closed on another path too; a file handed to other code (an argument, a generator ' +
      'over it, a bound method such as `f.readline`, a method result that reads through it such as `z.open(name)`) when the ' +
      'block can be left early or sits in a `try`; a close line with a comment or other statements on it. An opened file that is never ' +
      'closed is reported (SIM115) with the line after which it leaks.',
    why:
      'A `with` block closes the file on every path, exceptions and early returns included; a hand-written close() is skipped ' +
      'by any exception before it, leaving the file open (and, for a written file, its last data unflushed) until the ' +
      'garbage collector gets to it (Ruff SIM115, pylint R1732).',
    example: {
      before: 'def save(path, rows):\n    f = open(path, "w")\n    for row in rows:\n        f.write(row + "\\n")\n    f.close()\n',
      after: 'def save(path, rows):\n    with open(path, "w") as f:\n        for row in rows:\n            f.write(row + "\\n")\n',
    },
    semantics:
      'On the normal path the file is opened and closed at the same points as before. What changes is the other paths: ' +
      'when an exception is raised between the open and the close, or a `return`, `break` or `continue` leaves the block ' +
      'there, the file is now closed at once (before, it stayed open until garbage collection: on CPython usually at the ' +
      'end of the function, on PyPy much later), so buffered writes reach the disk then and an object that kept a ' +
      'reference to the file sees it closed, as it would after the original close(). `with` calls `__exit__`, which for ' +
      'these openers is close() (a tarfile left by an exception skips writing its end-of-archive blocks, as its close() ' +
      'would not have run either). The `try: ... finally: f.close()` form changes nothing.',
  },
  options,
  // None of these adds, removes or moves a use or a close() of an opened file (print-to-logging keeps a
  // print's arguments; logging-format only makes a logging call's arguments lazy), nor a `return` or
  // `raise` between the open and the close.
  unaffectedBy: ['print-to-logging', 'mutable-defaults', 'modern-typing', 'logging-format', 'raise-from', 'group-imports', 'return-annotations', 'future-annotations'],
  mayApply(source, { options }) {
    const spelled = openerSpellings(source, options['extend-openers']);
    if (!spelled) return false;
    const code = codeText(source);
    if (code === undefined) return true;
    for (const at of openerCalls(source, spelled)) if (code.inCode(at)) return true;
    return false;
  },
  transform(ctx) {
    const spelled = openerSpellings(ctx.source, ctx.options['extend-openers']);
    if (!spelled) return;
    for (const site of openSites(ctx, spelled)) rewriteSite(ctx, site);
  },
});

/** How the file may spell the openers: their last names, with the aliases its imports give them. */
interface OpenerSpellings {
  openers: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  /** Module names (and their aliases) a dotted opener can start with: `self.open(` is never one. */
  heads: ReadonlySet<string>;
}

let lastSpelled: { source: string; extra: readonly string[]; spelled: OpenerSpellings | undefined } | undefined;

/** Undefined when no opener's name is in the text at all. (mayApply, then the transform, ask about one text.) */
function openerSpellings(source: string, extra: readonly string[]): OpenerSpellings | undefined {
  if (lastSpelled?.source === source && lastSpelled.extra === extra) return lastSpelled.spelled;
  const spelled = readSpellings(source, extra);
  lastSpelled = { source, extra, spelled };
  return spelled;
}

function readSpellings(source: string, extra: readonly string[]): OpenerSpellings | undefined {
  const openers = new Set([...DEFAULT_OPENERS, ...extra]);
  const lastNames = new Set([...openers].map((q) => q.slice(q.lastIndexOf('.') + 1)));
  if (![...lastNames].some((n) => source.includes(n))) return undefined;
  // `from zipfile import ZipFile as Zip`, `import gzip as gz`: aliases are what the calls spell.
  const aliases = importAliases(source);
  for (const [alias, original] of aliases) if (lastNames.has(original)) lastNames.add(alias);
  const heads = new Set([...openers].filter((q) => q.includes('.')).map((q) => q.slice(0, q.indexOf('.'))));
  for (const [alias, original] of aliases) if (heads.has(original)) heads.add(alias);
  return { openers, lastNames, heads };
}

/**
 * The offsets of the calls that may be openers, from the text: an opener's name and `(`, not already
 * after `with`, and after a dot only when the dotted name starts with a module an opener lives in.
 */
function* openerCalls(text: string, { lastNames, heads }: OpenerSpellings): Generator<number> {
  const names = [...lastNames].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  for (const m of text.matchAll(new RegExp(`(?<![\\w])(?:${names})[ \\t]*\\(`, 'g'))) {
    const before = text.slice(Math.max(0, m.index - 120), m.index);
    if (/\bwith[ \t]+$/.test(before)) continue;
    if (before.endsWith('.')) {
      const head = /([A-Za-z_]\w*)(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*[ \t]*\.$/.exec(before)?.[1];
      if (!head || !heads.has(head)) continue;
    }
    yield m.index;
  }
}

/** `NAME = <opener>(...)` statements, found from the text: an opener's name followed by `(`. */
/** `original as alias` pairs of the file's import lines, from the text. */
function importAliases(source: string): Map<string, string> {
  const aliases = new Map<string, string>();
  if (!/[ \t]as[ \t]/.test(source)) return aliases;
  for (const line of source.matchAll(/^[ \t]*(?:from[ \t]+\S+[ \t]+)?import[ \t(][^\r\n]*/gm))
    for (const a of line[0].matchAll(/(\w+)[ \t]+as[ \t]+(\w+)/g)) aliases.set(a[2]!, a[1]!);
  return aliases;
}

function openSites(ctx: Ctx, spelled: OpenerSpellings): OpenSite[] {
  const { openers, heads } = spelled;
  const sites: OpenSite[] = [];
  const seen = new Set<number>();
  // From the text, before asking the tree: `with open(` is already right, and `x.open(` needs x to
  // be a module an opener lives in.
  for (const at of openerCalls(ctx.source, spelled)) {
    const id = ctx.root.descendantForIndex(at, at + 1);
    const callee = id?.parent?.type === 'attribute' && id.parent.childForFieldName('attribute')?.id === id.id ? id.parent : id;
    const call = callee?.parent;
    if (!callee || call?.type !== 'call' || call.childForFieldName('function')?.id !== callee.id || seen.has(call.id)) continue;
    seen.add(call.id);
    if (callee.type === 'attribute') {
      let head: Node | null = callee;
      while (head?.type === 'attribute') head = head.childForFieldName('object');
      if (head?.type !== 'identifier' || !heads.has(head.text)) continue;
    }
    // The shape first (most opens are already in `with`), the scope lookups only for the two we handle.
    const assignment = call.parent;
    const statement = assignment?.parent;
    const name = assignment?.childForFieldName('left');
    const assigned =
      assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id && name?.type === 'identifier' &&
      statement?.type === 'expression_statement';
    const chained = !assigned && call.parent?.type === 'attribute' && call.parent.childForFieldName('object')?.id === call.id;
    if (!assigned && !(chained && ctx.options['report-leaks'])) continue;
    if (!isOpener(ctx, callee, openers)) continue;
    if (assigned) {
      if (assignment.childForFieldName('type')) continue; // `f: IO = open(...)`: the annotation would have no place in `with`
      sites.push({ statement: statement!, name: name!.text, nameNode: name!, call, block: statement!.parent! });
    } else {
      const leak = leakReport(ctx.source, call);
      if (leak) ctx.skip(call, leak);
    }
  }
  return sites;
}

function isOpener(ctx: Ctx, callee: Node, openers: ReadonlySet<string>): boolean {
  if (callee.type === 'identifier' && callee.text === 'open') {
    if (builtinAt(ctx.python.scope, 'open', callee, ctx.settings.targetVersion).builtin) return openers.has('open');
  }
  let head: Node | null = callee;
  while (head?.type === 'attribute') head = head.childForFieldName('object');
  if (head?.type !== 'identifier' || ctx.python.scope.resolve(head.text, head)?.kind !== 'import') return false;
  const q = ctx.python.qualifiedName(callee);
  return !!q && q !== 'open' && openers.has(q);
}

function rewriteSite(ctx: Ctx, site: OpenSite): void {
  const plan = findClose(ctx.source, ctx.python.scope, site);
  if (plan.kind === 'skip') {
    ctx.skip(site.statement, plan.reason);
    return;
  }
  if (plan.kind === 'leak') {
    if (ctx.options['report-leaks']) ctx.skip(site.statement, plan.reason);
    return;
  }
  const src = ctx.source;
  const { statement, call, name } = site;
  const indent = indentationAt(src, statement.startIndex);
  const step = indentStep(ctx, site.block, indent);
  if (step === null) {
    ctx.skip(statement, 'the block mixes tabs and spaces: no safe indentation step');
    return;
  }
  const edits: Edit[] = [
    { start: statement.startIndex, end: call.startIndex, text: 'with ' },
    { start: call.endIndex, end: statement.endIndex, text: ` as ${name}:` },
  ];
  // The body moves one step deeper (whole lines, never inside a string); the finally form's already is.
  if (plan.reindent) {
    const { start, end } = plan.reindent;
    const inside = lineStartsInsideStrings(ctx.root, src, start, end);
    if (insideStringAt(ctx.root, start)) inside.add(start);
    edits.push({ start, end, text: indentLines(src, start, end, step, inside) });
  }
  // Remove what closed the file: the `f.close()` line, or the `try:` line and the `finally:` clause.
  for (const r of plan.remove) edits.push({ start: r.start, end: r.end, text: '' });
  edits.sort((a, b) => a.start - b.start);
  ctx.report({
    node: statement,
    message: plan.form === 'finally' ? `\`${name} = ...\` + try/finally close -> with block` : `\`${name} = ...\` ... \`${name}.close()\` -> with block`,
    fix: edits,
  });
}

function insideStringAt(root: Node, offset: number): boolean {
  for (let n: Node | null = root.descendantForIndex(offset, offset); n; n = n.parent)
    if (n.type === 'string' && n.startIndex < offset && offset < n.endIndex) return true;
  return false;
}

/** One indentation step where the statement is: the block's step, in its own characters. */
function indentStep(ctx: Ctx, block: Node, indent: string): string | null {
  const header = block.parent;
  if (header && block.type === 'block') {
    const outer = indentationAt(ctx.source, header.startIndex);
    if (indent.length > outer.length && indent.startsWith(outer)) {
      const step = indent.slice(outer.length);
      return /^( +|\t+)$/.test(step) ? step : null;
    }
  }
  const unit = ctx.python.indentUnit;
  // Module level, or a body on its header's line: the file's unit, in the characters the line already uses.
  if (indent.includes('\t') && !unit.includes('\t')) return '\t';
  if (indent.includes(' ') && unit.includes('\t')) return '    ';
  return unit;
}
