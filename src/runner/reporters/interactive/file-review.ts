// One file under interactive review: which fixes are accepted or rejected, what to ask about next, and the
// text to write. It never edits text itself: every state is the fix loop re-run on the file with some fixes
// left out (EngineInput.review), so a file with any mix of accepted and rejected fixes is exactly what the
// engine produces and checks (it parses, it passes Python's rules), and fixes that depended on a rejected one
// are recomputed, not patched.
//
// Two runs answer every question:
// - "proposed": every fix except the rejected ones. Its first fix (by pass, then position) that is not yet
//   accepted is the next question. When none is left, its output is the file's final text.
// - "accepted": only the accepted fixes. What a fix would add is the diff from this run's output to the run
//   with the accepted fixes plus that one: the hunk shown. So the first print fix of a file shows the
//   `import logging` it brings, and the next ones show only their own line.
// Fixes are asked in pass order: a fix found in a later pass exists only given the earlier passes' fixes, all
// of which are decided by then, so both runs see it the same way.
import type { StructuredPatchHunk } from 'diff';
import { runEngine, type EngineOutcome, type ReviewedFix } from '../../../core/engine.js';
import { diffHunks } from '../../../core/diff.js';
import type { PythonParser } from '../../../core/parser.js';
import type { Settings } from '../../../core/settings.js';
import type { AnyTransform } from '../../../core/types.js';

export interface ReviewFile {
  /** Absolute path (what the engine and per-file settings see) and the path reports show. */
  abs: string;
  display: string;
  text: string;
  transforms: readonly AnyTransform[];
  settings: Settings;
}

/** A rejection, as remembered between runs. */
export interface Rejection {
  key: string;
  transform: string;
  message: string;
}

export type ReviewFailure = { message: string };

export class FileReview {
  /** The text the loop runs on: the file, or the file after an edit made in review (`e`). */
  private source: string;
  private readonly accepted = new Set<string>();
  private readonly rejected: Set<string>;
  /** Rejections made in this run (remembered afterwards), and remembered ones that still apply. */
  private readonly rejections = new Map<string, Rejection>();
  private readonly stillReported = new Set<string>();
  private proposedRun?: Extract<EngineOutcome, { kind: 'ok' }>;
  private acceptedRun?: string;

  constructor(
    readonly file: ReviewFile,
    private readonly parser: PythonParser,
    private readonly remembered: readonly Rejection[] = [],
  ) {
    this.source = file.text;
    this.rejected = new Set(remembered.map((r) => r.key));
  }

  /** The next fix to ask about, and how many fixes the file has now (decided or not); undefined when done. */
  next(): { fix: ReviewedFix; index: number; total: number } | ReviewFailure | undefined {
    const run = this.proposed();
    if ('message' in run) return run;
    const fixes = run.reviewed ?? [];
    let next: ReviewedFix | undefined;
    for (const f of fixes) if (!this.accepted.has(f.key) && (!next || f.pass < next.pass || (f.pass === next.pass && (f.line < next.line || (f.line === next.line && f.column < next.column))))) next = f;
    if (!next) return undefined;
    const decided = fixes.filter((f) => this.accepted.has(f.key)).length + this.rejectedHere();
    return { fix: next, index: decided + 1, total: fixes.length + this.rejectedHere() };
  }

  /** What accepting `fix` adds to the fixes accepted so far, as diff hunks (line numbers of the text so far). */
  hunksFor(fix: ReviewedFix): { before: string; after: string; hunks: StructuredPatchHunk[] } | ReviewFailure {
    const before = this.acceptedText();
    if (typeof before !== 'string') return before;
    const withIt = this.run((f) => this.accepted.has(f.key) || f.key === fix.key);
    if ('message' in withIt) return withIt;
    if (withIt.output !== before) return { before, after: withIt.output, hunks: diffHunks(before, withIt.output) };
    // Its change does not show on top of the accepted fixes alone (it needs a fix still undecided, which
    // pass order should rule out): show what leaving it out of the proposal would take away instead.
    const proposed = this.proposed();
    if ('message' in proposed) return proposed;
    const without = this.run((f) => !this.rejected.has(f.key) && f.key !== fix.key);
    if ('message' in without) return without;
    return { before: without.output, after: proposed.output, hunks: diffHunks(without.output, proposed.output) };
  }

  accept(key: string): void {
    this.accepted.add(key);
    this.acceptedRun = undefined;
  }

  reject(fix: ReviewedFix): void {
    this.rejected.add(fix.key);
    this.rejections.set(fix.key, { key: fix.key, transform: fix.transformId, message: fix.message });
    this.proposedRun = undefined;
  }

  /** `d`: this fix and every one still undecided are rejected; the file ends with the accepted ones. */
  rejectRest(): void {
    for (;;) {
      const next = this.next();
      if (!next || 'message' in next) return;
      this.reject(next.fix);
    }
  }

  /**
   * `e`: the user's version of the accepted text (the hunk edited by hand) becomes the text the loop runs
   * on. Fixes accepted so far are in it; rejected ones keep their identity (it does not depend on offsets)
   * and stay out; the edited lines are looked at afresh. Fails, changing nothing, when the text does not
   * parse or breaks Python's rules.
   */
  replaceSource(text: string): ReviewFailure | undefined {
    const check = runEngine({ path: this.file.abs, source: text, transforms: [], settings: this.file.settings, parser: this.parser });
    if (check.kind !== 'ok') return { message: 'line' in check && check.line ? `${check.message} (line ${check.line})` : check.message };
    this.source = text;
    this.proposedRun = undefined;
    this.acceptedRun = undefined;
    return undefined;
  }

  /** The text to write: every fix not rejected (all of them decided), or with `acceptedOnly` only the accepted ones (`q`, `d`). */
  result(acceptedOnly: boolean): string | ReviewFailure {
    if (acceptedOnly) return this.acceptedText();
    const run = this.proposed();
    return 'message' in run ? run : run.output;
  }

  /** Rejections to remember for this file: those made now, and remembered ones whose fix is still proposed. */
  remember(): Rejection[] {
    const kept = this.remembered.filter((r) => this.stillReported.has(r.key) && !this.rejections.has(r.key));
    return [...kept, ...this.rejections.values()];
  }

  /** Remembered rejections whose fix the transforms still propose (left out without asking). */
  rememberedStillLeftOut(): number {
    return this.remembered.filter((r) => this.stillReported.has(r.key)).length;
  }

  private rejectedHere(): number {
    return this.rejections.size;
  }

  private proposed(): Extract<EngineOutcome, { kind: 'ok' }> | ReviewFailure {
    if (this.proposedRun) return this.proposedRun;
    const run = this.run((f) => {
      if (!this.rejected.has(f.key)) return true;
      this.stillReported.add(f.key);
      return false;
    });
    if ('message' in run) return run;
    return (this.proposedRun = run);
  }

  private acceptedText(): string | ReviewFailure {
    if (this.acceptedRun !== undefined) return this.acceptedRun;
    const run = this.run((f) => this.accepted.has(f.key));
    if ('message' in run) return run;
    return (this.acceptedRun = run.output);
  }

  private run(keep: (fix: { key: string }) => boolean): Extract<EngineOutcome, { kind: 'ok' }> | ReviewFailure {
    const outcome = runEngine({
      path: this.file.abs,
      source: this.source,
      transforms: this.file.transforms,
      settings: this.file.settings,
      parser: this.parser,
      review: { keep },
    });
    if (outcome.kind === 'ok') return outcome;
    return { message: `${outcome.message}${'line' in outcome && outcome.line ? ` (line ${outcome.line})` : ''}` };
  }
}
