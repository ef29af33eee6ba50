// The fix loop: parse -> run the selected transforms -> apply -> repeat until nothing applies.
// It works on one source string and knows nothing of files, workers or printing.
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from './parser.js';
import type { AnyTransform, AppliedEdit, Edit, Finding, FindingSpan, Fix, ReportInput, Skip, TransformContext } from './types.js';
import { editTree } from './incremental.js';
import { rewrittenStatementsParse } from './statement-check.js';
import { targetMinor, type Settings } from './settings.js';
import { applyFixes, type PassResult } from './applier.js';
import { detached, detectLineEnding, LineIndex } from './text.js';
import { ChangeMap, type ChangedRegion } from './change-map.js';
import { checkPythonRules, describeViolation, type PythonRulesOptions } from './python-rules.js';
import { checkTreeOnlyRules } from './python-compile-rules.js';
import { createPythonHelpers } from './python/helpers.js';
import { fileSkip, isSuppressed, suppressedRanges } from './suppression.js';
import { resolveOptions } from './options.js';
import { TransformTimeoutError } from './time-limit.js';
import { FixIdentities } from './fix-identity.js';
import { isBuiltIn } from './built-in.js';
import { someMayApply } from './text-check-order.js';
import { unnormalizedName } from './python/unnormalized-names.js';

export const MAX_PASSES = 10;

export type EngineOutcome =
  | {
      kind: 'ok';
      output: string;
      /** Positions are in the original source, whichever pass made the edit. */
      edits: AppliedEdit[];
      skips: Skip[];
      /** Rule violations without a fix (report-only pattern rules, search matches), from the first pass. */
      findings: Finding[];
      passes: number;
      /** Where the output differs from the source (original and output offsets), for a diff per region. */
      changes: readonly ChangedRegion[];
      /** With `review`: the fixes applied, in the order they were, with their identities. */
      reviewed?: ReviewedFix[];
    }
  | { kind: 'syntax-error'; message: string; line: number; column: number }
  | { kind: 'failed'; message: string; transformId?: string; line?: number; column?: number };

export interface EngineInput {
  path: string;
  source: string;
  transforms: readonly AnyTransform[];
  settings: Settings;
  parser: PythonParser;
  /**
   * Interactive review: `keep` decides, fix by fix, whether a fix takes part; one left out is as if it had
   * never been reported (the loop goes on without it, so the output is whole and checked as always).
   */
  review?: { keep(fix: FixCandidate): boolean };
}

/** A fix as interactive review sees it: its identity across runs (fix-identity.ts) and the pass that found it. */
export interface FixCandidate {
  key: string;
  transformId: string;
  message: string;
  pass: number;
}

export interface ReviewedFix extends FixCandidate, AppliedEdit {}

export function runEngine(input: EngineInput): EngineOutcome {
  const { source } = input;
  // Transforms that know from the text alone that they have nothing to do (a module that never calls
  // print, a pattern rule whose literal word is absent): when all of them do, the file is not parsed at
  // all, so its syntax is not checked either (nothing would be written).
  let nothingToDo: boolean;
  try {
    nothingToDo = !input.settings.checkSyntax && input.transforms.length > 0 && nothingLeftFor(input.transforms, source, input.path, input.settings);
  } catch (err) {
    if (err instanceof TransformTimeoutError) return timedOut(err);
    throw err;
  }
  if (nothingToDo) return { kind: 'ok', output: source, edits: [], skips: [], findings: [], passes: 0, changes: [] };
  // Python reads a lone CR as a line break; tree-sitter does not. The loop works on a copy in which every
  // lone CR is an LF (same length, so every offset holds), and the original line breaks are put back.
  const loneCR = hasLoneCR(source);
  const working = loneCR ? source.replace(/\r(?!\n)/g, '\n') : source;
  let outcome: EngineOutcome;
  try {
    outcome = fixLoop({ ...input, source: working });
  } catch (err) {
    // A limited transform's appliesTo() stopped (its transform() is caught where it runs).
    if (err instanceof TransformTimeoutError) return timedOut(err);
    if (!isStackOverflow(err)) throw err;
    return { kind: 'failed', message: TOO_DEEP };
  }
  if (outcome.kind !== 'ok' || outcome.output === working) return outcome.kind === 'ok' ? { ...outcome, output: source } : outcome;
  const output = loneCR ? restoreLineBreaks(source, outcome.output, outcome.changes) : outcome.output;
  // Nothing Python rejects is ever written: the whole rewrite passes the rules tree-sitter does not check.
  const broken = checkPythonRules(output, rulesOptions(input.settings));
  if (broken) {
    const at = new LineIndex(output).position(broken.offset);
    return {
      kind: 'failed',
      transformId: transformIds(outcome.edits, ','),
      message: `the rewrite by ${transformIds(outcome.edits)} would break Python's rules (${describeViolation(broken)} at line ${at.line} of the rewrite); file left untouched`,
    };
  }
  return { ...outcome, output };
}

/** True when every transform says from the text alone that it has nothing to do there (see Transform.mayApply). */
function nothingLeftFor(transforms: readonly AnyTransform[], text: string, path: string, settings: Settings): boolean {
  return !someMayApply(transforms, (t) => t.mayApply!(text, { path, settings, options: resolveOptions(t, settings.transformOptions[t.id]) as never }));
}

/** Whether `t` promises that fixes of these transforms (its own included) leave it nothing new (Transform.unaffectedBy). */
function unaffectedByAll(t: AnyTransform, editors: ReadonlySet<string>): boolean {
  if (!t.unaffectedBy) return false;
  for (const id of editors) if (id !== t.id && !t.unaffectedBy.includes(id)) return false;
  return true;
}

/** The file's failure when a limited transform's mayApply() or appliesTo() ran past the time limit. */
function timedOut(err: TransformTimeoutError): EngineOutcome {
  return { kind: 'failed', transformId: err.transformId, message: err.message };
}

const TOO_DEEP = 'the code is nested too deeply to analyse (JavaScript stack exhausted); file left untouched';

function fixLoop({ path, source, transforms, settings, parser, review }: EngineInput): EngineOutcome {
  let tree = parser.parse(source);
  // The input is refused, with the line and column of `offset`: the file is left untouched.
  const syntaxError = (message: string, offset: number): EngineOutcome => ({ kind: 'syntax-error', message, ...new LineIndex(source).position(offset) });
  try {
    if (tree.rootNode.hasError) return syntaxError('syntax error', firstErrorNode(tree.rootNode).startIndex);
    // tree-sitter-python accepts what Python rejects: bad indentation, empty blocks, Python 2 forms, `return`
    // outside a function.
    const broken = checkPythonRules(source, rulesOptions(settings));
    if (broken) return syntaxError(`syntax error: ${describeViolation(broken)}`, broken.offset);
    // The compiler's rules on statements (`return` outside a function, ...) are checked on the text above,
    // but for two that need the tree: `yield` in an async function, assignments to `__debug__`.
    const refused = checkTreeOnlyRules(tree.rootNode, source);
    if (refused) return syntaxError(`syntax error: SyntaxError: ${refused.message}`, refused.offset);

    const skippedFile = fileSkip(source);
    if (skippedFile === 'all') return { kind: 'ok', output: source, edits: [], skips: [], findings: [], passes: 0, changes: [] };
    const active = transforms.filter(
      (t) => !(skippedFile && skippedFile.has(t.id)) && (t.appliesTo ? t.appliesTo(path) : true),
    );
    // A name Python reads otherwise than it is written: every fix becomes a skip saying why (findings,
    // such as search matches, are still reported), so the file is left as it is.
    const alias = unnormalizedName(source, tree.rootNode);
    const refusal = alias && {
      reason: `the module spells a name \`${alias.name}\` (line ${new LineIndex(source).position(alias.offset).line}), which is \`${alias.normalized}\` to Python (names are read NFKC-normalized), and pycodemod compares names as written: file left untouched`,
    };
    const onlyBuiltIns = active.every(isBuiltIn);
    const settlesInOnePass = new Set(
      active.filter((t) => t.settlesInOnePass === true || (t.settlesInOnePass === 'among-built-ins' && onlyBuiltIns)).map((t) => t.id),
    );

    let text = source;
    const seen = new Set<string>([text]);
    const edits: AppliedEdit[] = [];
    let skips: Skip[] = [];
    // Findings are those of the first pass, as skips are.
    let findings: Finding[] = [];
    const reviewed: ReviewedFix[] | undefined = review ? [] : undefined;
    const done = (output: string, passes: number): EngineOutcome => ({ kind: 'ok', output, edits, skips, findings, passes, changes: changes.changes, ...(reviewed ? { reviewed } : {}) });
    // Every position reported is in the original source: later passes' offsets are mapped back.
    const changes = new ChangeMap();
    let original: LineIndex | undefined;
    const position = (offset: number) => (original ??= new LineIndex(source)).position(changes.toOriginal(offset));
    const yields = (fix: Fix) => settlesInOnePass.has(fix.transformId);
    // The shortcut for the common case: no fix waited for a later pass, and every transform either can tell
    // from the new text that it holds nothing more (mayApply) or was promised so: every fix came from
    // transforms that settle in one pass, or from ones it is unaffected by (Transform.unaffectedBy). Then
    // nothing is left to find, and proving the rewrite parses is all that remains.
    const settles = (r: PassResult) => {
      if (r.deferred.length > 0) return false;
      const editors = new Set(r.applied.filter((f) => !yields(f)).map((f) => f.transformId));
      if (editors.size === 0) return true;
      const unsure = active.filter((t) => !unaffectedByAll(t, editors));
      return unsure.length === 0 || nothingLeftFor(unsure, r.output, path, settings);
    };
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      const collected = collectFixes(path, text, tree, active, settings, parser, position, review && { keep: review.keep, pass }, refusal);
      if ('failure' in collected) return collected.failure;
      if (pass === 1) {
        skips = collected.skips;
        findings = collected.findings;
      }
      // In review each fix is shown and decided alone, so a block is sorted over what was decided: never rebased.
      let result = applyFixes(text, collected.fixes, yields, { rebase: !review });
      const settled = settles(result);
      // A block laid out again over other fixes (Fix.rebase) saves the pass that would lay it out. When a pass
      // follows anyway, the fix waits for it instead, so the block is laid out once, over everything the others
      // still change there (an import wrapped now and shortened by the next pass would stay wrapped).
      if (!settled && result.rebased > 0) result = applyFixes(text, collected.fixes, yields, { rebase: false });
      const bad = result.invalid[0];
      if (bad) {
        return { kind: 'failed', transformId: bad.transformId, ...position(bad.offset), message: `transform ${bad.transformId} produced overlapping edits (a bug in the transform); file left untouched` };
      }
      if (result.applied.length === 0) return done(text, pass - 1);

      // Messages may quote the source; detached, a result held by a report does not pin the whole file.
      for (const fix of result.applied) {
        const applied: AppliedEdit = { transform: fix.transformId, message: detached(fix.message), ...position(fix.offset), ...editLines(fix, position) };
        edits.push(applied);
        if (reviewed) reviewed.push({ ...applied, key: collected.keys!.get(fix)!, transformId: fix.transformId, pass });
      }
      changes.apply(result.edits);

      if (settled && rewrittenStatementsParse(parser, tree, text, result.output, result.edits)) {
        if (VERIFY_SHORTCUTS) verifySettled(path, result.output, active, settings, parser);
        return done(result.output, pass);
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

/** The first and last original line a fix's edits touch (a replacement ending at a line start ends on the line before). */
function editLines(fix: Fix, position: (offset: number) => { line: number }): { startLine: number; endLine: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const e of fix.edits) {
    if (e.start < start) start = e.start;
    const last = e.end > e.start ? e.end - 1 : e.end;
    if (last > end) end = last;
  }
  const startLine = position(start).line;
  return { startLine, endLine: Math.max(startLine, position(end).line) };
}

/** Python 3.14 reads `except A, B:` as a tuple of exceptions: accepted when the target allows it. */
function rulesOptions(settings: Settings): PythonRulesOptions {
  return { exceptWithoutParentheses: targetMinor(settings.targetVersion) >= 14 };
}

function hasLoneCR(text: string): boolean {
  const cr = text.indexOf('\r');
  return cr !== -1 && /\r(?!\n)/.test(text);
}

/**
 * The output with the source's own line breaks: unchanged stretches are copied from the source, and in a
 * file whose line breaks are mostly lone CRs the line breaks the transforms wrote become lone CRs too.
 */
function restoreLineBreaks(source: string, output: string, changes: readonly ChangedRegion[]): string {
  const crFile = detectLineEnding(source) === '\r';
  const parts: string[] = [];
  let at = 0;
  for (const c of changes) {
    parts.push(source.slice(at, c.origStart));
    const written = output.slice(c.start, c.end);
    parts.push(crFile ? written.replace(/\r?\n/g, '\r') : written);
    at = c.origEnd;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

/**
 * A transform's error with its stack cut where the transform was called: the frames below (this engine,
 * the runner, a worker, the time limit) are the same for every crash and of no use to the author.
 */
function transformStack(err: unknown): string {
  if (!(err instanceof Error) || typeof err.stack !== 'string') return String(err);
  const lines = err.stack.split('\n');
  const caller = lines.findIndex((l) => /^\s+at collectFixes \(/.test(l));
  return (caller > 0 ? lines.slice(0, caller) : lines).filter((l) => !/[/\\](runner[/\\]workers[/\\](?:worker|note-progress)|core[/\\]time-limit)\.[jt]s:|pycodemod:time-limit|\(node:vm:/.test(l)).join('\n');
}

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

function transformIds(items: readonly ({ transformId: string } | { transform: string })[], separator = ', '): string {
  return [...new Set(items.map((i) => ('transformId' in i ? i.transformId : i.transform)))].join(separator);
}

interface Collected {
  fixes: Fix[];
  skips: Skip[];
  findings: Finding[];
  /** In review: each kept fix's identity. */
  keys?: Map<Fix, string>;
}

/** Runs every transform once over one tree; a crash becomes a failure naming the transform. */
function collectFixes(
  path: string,
  source: string,
  tree: Tree,
  transforms: readonly AnyTransform[],
  settings: Settings,
  parser: PythonParser,
  position: (offset: number) => { line: number; column: number },
  review?: { keep(fix: FixCandidate): boolean; pass: number },
  refusal?: { reason: string },
): Collected | { failure: EngineOutcome } {
  const root = tree.rootNode;
  const python = createPythonHelpers(source, root, settings, path);
  const suppressed = suppressedRanges(source, root);
  const fixes: Fix[] = [];
  const skips: Skip[] = [];
  const findings: Finding[] = [];
  const identities = review ? new FixIdentities() : undefined;
  const keys = review ? new Map<Fix, string>() : undefined;
  const span = (start: number, end: number): FindingSpan => {
    const from = position(start);
    const to = position(end);
    return { text: detached(source.slice(start, end)), line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  };

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
        if (refusal) {
          skip(transform.id, offset, refusal.reason);
          return;
        }
        const fix: Fix = { transformId: transform.id, message: input.message, offset, edits: input.fix, ...(input.rebase ? { rebase: input.rebase } : {}) };
        if (review) {
          // Every reported fix is numbered, kept or not, so identities do not depend on what was left out.
          const key = identities!.identify({ transformId: transform.id, message: input.message, source, offset });
          if (!review.keep({ key, transformId: transform.id, message: input.message, pass: review.pass })) return;
          keys!.set(fix, key);
        }
        fixes.push(fix);
      },
      skip(nodeOrOffset, reason) {
        skip(transform.id, typeof nodeOrOffset === 'number' ? nodeOrOffset : nodeOrOffset.startIndex, reason);
      },
      flag(input) {
        const start = input.node?.startIndex ?? input.start ?? 0;
        const end = input.node?.endIndex ?? input.end ?? start;
        lastNode = input.node ?? lastNode;
        if (isSuppressed([{ start, end, text: '' }], transform.id, suppressed)) {
          skip(transform.id, start, 'suppressed by a `# pycodemod: skip` comment');
          return;
        }
        const { text, ...where } = span(start, end);
        const finding: Finding = { transformId: transform.id, message: detached(input.message), offset: start, end, ...where, text };
        if (input.captures) {
          finding.captures = {};
          for (const [name, c] of Object.entries(input.captures)) finding.captures[name] = Array.isArray(c) ? c.map((r) => span(r.start, r.end)) : span(c.start, c.end);
        }
        findings.push(finding);
      },
    };
    try {
      transform.transform(ctx);
    } catch (err) {
      const where = lastNode ? position(lastNode.startIndex) : {};
      // Deeply nested code exhausts a recursive transform's stack: one line of reason, not a stack trace.
      const message =
        err instanceof TransformTimeoutError
          ? err.message // thrown by the time limit, not by the transform: its stack says nothing
          : isStackOverflow(err)
            ? `transform ${transform.id} gave up: ${TOO_DEEP}`
            : `transform ${transform.id} crashed: ${transformStack(err)}`;
      return { failure: { kind: 'failed', transformId: transform.id, message, ...where } };
    }
  }
  return { fixes, skips, findings, ...(keys ? { keys } : {}) };
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
    const again = collectFixes(path, output, tree, active, settings, parser, (offset) => new LineIndex(output).position(offset));
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

/** The first ERROR or MISSING node, for a `path:line:col: syntax error` message (a loop: trees can be deep). */
export function firstErrorNode(root: Node): Node {
  let node = root;
  for (;;) {
    if (node.type === 'ERROR' || node.isMissing) return node;
    const child = node.children.find((c) => c && (c.hasError || c.isMissing));
    if (!child) return node;
    node = child;
  }
}
