// The fix loop: parse -> run the selected transforms -> apply -> repeat until nothing applies.
// It works on one source string and knows nothing of files, workers or printing.
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from './parser.js';
import type { AnyTransform, AppliedEdit, Edit, Fix, ReportInput, Skip, TransformContext } from './types.js';
import { editTree } from './incremental.js';
import { rewrittenStatementsParse } from './statement-check.js';
import type { Settings } from './settings.js';
import { applyFixes } from './applier.js';
import { detached, LineIndex } from './text.js';
import { createPythonHelpers } from './python/helpers.js';
import { fileSkip, isSuppressed, suppressedRanges } from './suppression.js';
import { resolveOptions } from './options.js';

export const MAX_PASSES = 10;

export type EngineOutcome =
  | { kind: 'ok'; output: string; edits: AppliedEdit[]; skips: Skip[]; passes: number }
  | { kind: 'syntax-error'; message: string; line: number; column: number }
  | { kind: 'failed'; message: string; transformId?: string; line?: number; column?: number };

export interface EngineInput {
  path: string;
  source: string;
  transforms: readonly AnyTransform[];
  settings: Settings;
  parser: PythonParser;
}

export function runEngine({ path, source, transforms, settings, parser }: EngineInput): EngineOutcome {
  let tree = parser.parse(source);
  try {
    if (tree.rootNode.hasError) {
      const at = firstErrorNode(tree.rootNode);
      const pos = new LineIndex(source).position(at.startIndex);
      return { kind: 'syntax-error', message: 'syntax error', ...pos };
    }
    const py2 = python2Statement(source, tree);
    if (py2) {
      // tree-sitter-python accepts Python 2 `print x` / `exec code`; Python 3 does not, and neither do we.
      const pos = new LineIndex(source).position(py2.startIndex);
      return { kind: 'syntax-error', message: `syntax error: Python 2 ${py2.type.replace('_', ' ')} (not Python 3)`, ...pos };
    }

    const skippedFile = fileSkip(source);
    if (skippedFile === 'all') return { kind: 'ok', output: source, edits: [], skips: [], passes: 0 };
    const active = transforms.filter(
      (t) => !(skippedFile && skippedFile.has(t.id)) && (t.appliesTo ? t.appliesTo(path) : true),
    );
    const settlesInOnePass = new Set(active.filter((t) => t.settlesInOnePass).map((t) => t.id));

    let text = source;
    const seen = new Set<string>([text]);
    const edits: AppliedEdit[] = [];
    let skips: Skip[] = [];
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      const collected = collectFixes(path, text, tree, active, settings, parser);
      if ('failure' in collected) return collected.failure;
      if (pass === 1) skips = collected.skips;
      const result = applyFixes(text, collected.fixes);
      const bad = result.invalid[0];
      if (bad) {
        return { kind: 'failed', transformId: bad.transformId, ...new LineIndex(text).position(bad.offset), message: `transform ${bad.transformId} produced overlapping edits (a bug in the transform); file left untouched` };
      }
      if (result.applied.length === 0) return { kind: 'ok', output: text, edits, skips, passes: pass - 1 };

      const lines = new LineIndex(text);
      // Messages may quote the source; detached, a result held by a report does not pin the whole file.
      for (const fix of result.applied) edits.push({ transform: fix.transformId, message: detached(fix.message), ...lines.position(fix.offset) });

      // The shortcut for the common case: every fix came from transforms that settle in one pass and none
      // waited for a later pass, so nothing is left to find; proving the rewrite parses is all that remains.
      const settled = result.deferred.length === 0 && result.applied.every((f) => settlesInOnePass.has(f.transformId));
      if (settled && rewrittenStatementsParse(parser, tree, text, result.output, result.edits)) {
        if (VERIFY_SHORTCUTS) verifySettled(path, result.output, active, settings, parser);
        return { kind: 'ok', output: result.output, edits, skips, passes: pass };
      }

      let nextTree = reparse(parser, tree, text, result.output, result.edits);
      if (nextTree.rootNode.hasError) {
        // Confirm with a full parse before blaming the transforms: the incremental tree is only a shortcut.
        nextTree.delete();
        nextTree = parser.parse(result.output);
      }
      if (nextTree.rootNode.hasError) {
        nextTree.delete();
        const ids = [...new Set(result.applied.map((f) => f.transformId))];
        return { kind: 'failed', transformId: ids.join(','), message: `the rewrite by ${ids.join(', ')} would not parse; file left untouched` };
      }
      tree.delete();
      tree = nextTree;
      text = result.output;
      if (seen.has(text)) {
        return { kind: 'failed', transformId: transformIds(result.applied, ','), message: `fixes cycle without settling (${transformIds(result.applied)}); file left untouched` };
      }
      seen.add(text);
    }
    return { kind: 'failed', transformId: transformIds(edits, ','), message: `no stable result after ${MAX_PASSES} passes (${transformIds(edits)}); file left untouched` };
  } finally {
    tree.delete();
  }
}

function transformIds(items: readonly ({ transformId: string } | { transform: string })[], separator = ', '): string {
  return [...new Set(items.map((i) => ('transformId' in i ? i.transformId : i.transform)))].join(separator);
}

interface Collected {
  fixes: Fix[];
  skips: Skip[];
}

/** Runs every transform once over one tree; a crash becomes a failure naming the transform. */
function collectFixes(
  path: string,
  source: string,
  tree: Tree,
  transforms: readonly AnyTransform[],
  settings: Settings,
  parser: PythonParser,
): Collected | { failure: EngineOutcome } {
  const root = tree.rootNode;
  const python = createPythonHelpers(source, root, settings, path);
  const suppressed = suppressedRanges(source, root);
  let lines: LineIndex | undefined;
  const position = (offset: number) => (lines ??= new LineIndex(source)).position(offset);
  const fixes: Fix[] = [];
  const skips: Skip[] = [];

  for (const transform of transforms) {
    let lastNode: Node | undefined;
    const skip = (transformId: string, offset: number, reason: string) =>
      skips.push({ transformId, offset, reason: detached(reason), ...position(offset) });
    // Options were validated against the transform's own spec when the config was loaded.
    const ctx: TransformContext<any> = {
      path,
      source,
      tree,
      root,
      settings,
      python,
      query: (queryText) => parser.query(queryText),
      options: resolveOptions(transform, settings.transformOptions[transform.id]),
      report(input: ReportInput) {
        const offset = input.node?.startIndex ?? input.offset ?? 0;
        lastNode = input.node ?? lastNode;
        if (!input.fix || input.fix.length === 0) {
          skip(transform.id, offset, input.message);
          return;
        }
        if (isSuppressed(input.fix, transform.id, suppressed)) {
          skip(transform.id, offset, 'suppressed by a `# pycodemod: skip` comment');
          return;
        }
        fixes.push({ transformId: transform.id, message: input.message, offset, edits: input.fix });
      },
      skip(nodeOrOffset, reason) {
        skip(transform.id, typeof nodeOrOffset === 'number' ? nodeOrOffset : nodeOrOffset.startIndex, reason);
      },
    };
    try {
      transform.transform(ctx);
    } catch (err) {
      const where = lastNode ? position(lastNode.startIndex) : {};
      return {
        failure: { kind: 'failed', transformId: transform.id, message: `transform ${transform.id} crashed: ${(err as Error).stack ?? err}`, ...where },
      };
    }
  }
  return { fixes, skips };
}

/** Parses the rewritten text reusing the old tree (edited in place to match). */
function reparse(parser: PythonParser, tree: Tree, before: string, after: string, edits: readonly Edit[]): Tree {
  editTree(tree, before, edits);
  const next = parser.parse(after, tree);
  // A development check (PYCODEMOD_VERIFY_SHORTCUTS=1 pycodemod CORPUS): the shortcut must equal a full parse.
  if (VERIFY_SHORTCUTS) {
    const full = parser.parse(after);
    const same = sameShape(full, next);
    full.delete();
    if (!same) throw new Error('incremental re-parse differs from a full parse');
  }
  return next;
}

const VERIFY_SHORTCUTS = !!process.env.PYCODEMOD_VERIFY_SHORTCUTS;

/** The development check for the settled shortcut: a full parse and a confirmation pass must agree with it. */
function verifySettled(path: string, output: string, active: readonly AnyTransform[], settings: Settings, parser: PythonParser): void {
  const tree = parser.parse(output);
  try {
    if (tree.rootNode.hasError) throw new Error(`${path}: the statement check passed a rewrite that does not parse`);
    const again = collectFixes(path, output, tree, active, settings, parser);
    if ('failure' in again) throw new Error(`${path}: ${again.failure.kind}`);
    if (again.fixes.length > 0) throw new Error(`${path}: a settled pass left fixes for ${transformIds(again.fixes)}`);
  } finally {
    tree.delete();
  }
}

/** Same node types at the same ranges, walked with cursors (toString() of a large tree exhausts WASM memory). */
function sameShape(a: Tree, b: Tree): boolean {
  const ca = a.walk();
  const cb = b.walk();
  try {
    for (;;) {
      if (ca.nodeType !== cb.nodeType || ca.startIndex !== cb.startIndex || ca.endIndex !== cb.endIndex) return false;
      const down = ca.gotoFirstChild();
      if (down !== cb.gotoFirstChild()) return false;
      if (down) continue;
      for (;;) {
        const next = ca.gotoNextSibling();
        if (next !== cb.gotoNextSibling()) return false;
        if (next) break;
        const up = ca.gotoParent();
        if (up !== cb.gotoParent()) return false;
        if (!up) return true;
      }
    }
  } finally {
    ca.delete();
    cb.delete();
  }
}

/**
 * The first Python-2-only statement, if any. Looks only where the words occur in the text: the keyword token
 * of a `print`/`exec` statement sits directly under the statement node.
 */
function python2Statement(source: string, tree: Tree): Node | undefined {
  for (const m of source.matchAll(/\b(?:print|exec)\b/g)) {
    const token = tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
    const stmt = token?.parent;
    if (!stmt || token.type !== m[0]) continue;
    if (stmt.type === 'exec_statement') return stmt;
    // `print >>f, x` is a valid (if useless) Python 3 expression: only the chevron-less form is Python 2.
    if (stmt.type === 'print_statement' && stmt.namedChild(0)?.type !== 'chevron') return stmt;
  }
  return undefined;
}

/** The first ERROR or MISSING node, for a `path:line:col: syntax error` message. */
export function firstErrorNode(node: Node): Node {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) return firstErrorNode(child);
  }
  return node;
}
