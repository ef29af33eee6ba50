// Interactive review (`pycodemod -i`): the fixes of the changed files in path order, each shown as the
// hunk(s) it makes with its transform and message, one key each. A file is written as soon as its last
// fix is decided, so `q` (or Ctrl-C) keeps every file finished before it.
import type { StructuredPatchHunk } from 'diff';
import type { PythonParser } from '../../../core/parser.js';
import type { ReviewedFix } from '../../../core/engine.js';
import { quotePath } from '../../../core/quote-path.js';
import { encodePythonSource } from '../../read-source.js';
import { writeFileAtomic } from '../../write-file.js';
import { FileReview, type ReviewFile } from './file-review.js';
import { applyEditedHunks, hunkLines, hunksForEditing } from './hunk-edit.js';
import type { RejectionStore } from './rejections.js';
import type { ReviewTerminal } from './terminal.js';

export interface SessionFile extends ReviewFile {
  /** The bytes read: the file is written only if it still holds them. */
  bytes: Uint8Array;
  bom: boolean;
}

export interface SessionOptions {
  terminal: ReviewTerminal;
  parser: PythonParser;
  /** Remembered rejections (absent with --no-cache). */
  rejections?: RejectionStore;
  /** How many files there are to review (for "file 3 of 40"). */
  total: number;
}

export interface SessionSummary {
  files: number;
  written: number;
  accepted: number;
  rejected: number;
  /** Fixes left out because they were rejected in an earlier run. */
  rememberedLeftOut: number;
  failed: number;
  /** 'q': stopped by the user, what was accepted is written. 'interrupted': Ctrl-C or end of input. */
  stopped?: 'quit' | 'interrupted';
}

export const HELP = `y - apply this fix
n - do not apply this fix (remembered: the next -i run does not ask again)
a - apply this fix and every later fix in this file
d - do not apply this fix or any later fix in this file
A - apply this fix and every later fix of this transform, in every file
e - edit this fix's hunk in $EDITOR (or $VISUAL), then apply your version
q - quit: this file gets the fixes accepted so far, every file reviewed before it is already written
? - print this help
`;

const KEYS = 'ynadAeq?';

export async function reviewSession(files: AsyncIterable<SessionFile> | Iterable<SessionFile>, options: SessionOptions): Promise<SessionSummary> {
  const { terminal } = options;
  const paint = painter(terminal.color);
  const summary: SessionSummary = { files: 0, written: 0, accepted: 0, rejected: 0, rememberedLeftOut: 0, failed: 0 };
  const acceptTransforms = new Set<string>();
  let fileNumber = 0;
  for await (const file of files) {
    fileNumber++;
    const remembered = options.rejections?.get(file.abs) ?? [];
    const review = new FileReview(file, options.parser, remembered);
    let acceptRestOfFile = false;
    let acceptedOnly = false;
    let headerShown = false;
    let asked = 0;
    let acceptedHere = 0;
    let failure: string | undefined;
    for (;;) {
      const next = review.next();
      if (!next) break;
      if ('message' in next) {
        failure = next.message;
        break;
      }
      const { fix } = next;
      if (acceptRestOfFile || acceptTransforms.has(fix.transformId)) {
        review.accept(fix.key);
        acceptedHere++;
        continue;
      }
      const shown = review.hunksFor(fix);
      if ('message' in shown) {
        failure = shown.message;
        break;
      }
      if (shown.hunks.length === 0) {
        // Nothing visible on top of what is accepted (an edit another fix already made): nothing to ask.
        review.accept(fix.key);
        continue;
      }
      if (!headerShown) {
        terminal.write(`\n${paint.bold(`${quotePath(file.display)}`)} ${paint.dim(`(file ${fileNumber} of ${options.total})`)}\n`);
        headerShown = true;
      }
      terminal.write(describeFix(fix, file.display, paint));
      terminal.write(formatReviewHunks(shown.hunks, paint));
      asked++;
      let decided = false;
      while (!decided) {
        terminal.write(paint.blue(`(${next.index}/${next.total}) Apply this fix [y,n,a,d,A,e,q,?]? `));
        const key = await terminal.readKey();
        if (key === '' || key === '\x03') {
          terminal.write('\n');
          summary.stopped = 'interrupted';
          terminal.write(`${quotePath(file.display)} left as it was.\n`);
          return finish(summary, options);
        }
        const k = key === '\x04' ? 'q' : key;
        terminal.write(`${KEYS.includes(k) && k.length === 1 ? k : ''}\n`);
        switch (k) {
          case 'y':
            review.accept(fix.key);
            acceptedHere++;
            decided = true;
            break;
          case 'n':
            review.reject(fix);
            summary.rejected++;
            decided = true;
            break;
          case 'a':
            review.accept(fix.key);
            acceptedHere++;
            acceptRestOfFile = true;
            decided = true;
            break;
          case 'A':
            review.accept(fix.key);
            acceptedHere++;
            acceptTransforms.add(fix.transformId);
            decided = true;
            break;
          case 'd': {
            const before = review.remember().length;
            review.rejectRest();
            summary.rejected += review.remember().length - before;
            acceptedOnly = true;
            decided = true;
            break;
          }
          case 'e': {
            const edited = await editHunks(review, fix, file.display, shown, terminal);
            if (edited === 'accepted') {
              acceptedHere++;
              decided = true;
            }
            break;
          }
          case 'q':
            summary.stopped = 'quit';
            acceptedOnly = true;
            decided = true;
            break;
          default:
            terminal.write(paint.red(HELP));
        }
      }
      if (acceptedOnly) break;
    }
    summary.files++;
    if (failure !== undefined) {
      summary.failed++;
      terminal.write(paint.red(`${quotePath(file.display)}: cannot review this file: ${failure}; left as it was\n`));
    } else {
      const text = review.result(acceptedOnly);
      if (typeof text !== 'string') {
        summary.failed++;
        terminal.write(paint.red(`${quotePath(file.display)}: ${text.message}; left as it was\n`));
      } else if (text !== file.text) {
        const written = writeFileAtomic(file.abs, file.bytes, encodePythonSource(text, file.bom));
        if (written.ok) {
          summary.written++;
          if (asked > 0) terminal.write(paint.green(`wrote ${quotePath(file.display)}\n`));
        } else {
          summary.failed++;
          terminal.write(paint.red(`${quotePath(file.display)}: not written: ${written.detail}\n`));
        }
      }
      summary.accepted += acceptedHere;
      options.rejections?.set(file.abs, review.remember());
    }
    summary.rememberedLeftOut += review.rememberedStillLeftOut();
    if (summary.stopped) break;
  }
  return finish(summary, options);
}

function finish(summary: SessionSummary, options: SessionOptions): SessionSummary {
  try {
    options.rejections?.save();
  } catch (err) {
    options.terminal.write(`pycodemod: warning: could not remember the rejected fixes: ${(err as Error).message}\n`);
  }
  return summary;
}

/** `e`: the hunks in the editor until they give a file that parses, or the user gives up. */
async function editHunks(
  review: FileReview,
  fix: ReviewedFix,
  display: string,
  shown: { before: string; hunks: StructuredPatchHunk[] },
  terminal: ReviewTerminal,
): Promise<'accepted' | 'undecided'> {
  let text = hunksForEditing(display, `${fix.transformId}: ${fix.message}`, shown.hunks);
  for (;;) {
    const edited = await terminal.edit(text, 'pycodemod-hunk.diff');
    if ('error' in edited) {
      terminal.write(`${edited.error}\n`);
      return 'undecided';
    }
    const applied = applyEditedHunks(shown.before, shown.hunks, edited.text);
    if (applied.ok === 'empty') return 'undecided';
    const problem = applied.ok ? review.replaceSource(applied.text)?.message : applied.reason;
    if (problem === undefined) return 'accepted';
    terminal.write(`Your edited hunk does not apply: ${problem}. Edit again [y,n]? `);
    const key = await terminal.readKey();
    terminal.write(`${key === 'y' ? 'y' : 'n'}\n`);
    if (key !== 'y') return 'undecided';
    text = edited.text;
  }
}

function describeFix(fix: ReviewedFix, display: string, paint: Painter): string {
  return `${paint.magenta(`[${fix.transformId}]`)} ${fix.message} ${paint.dim(`${quotePath(display)}:${fix.line}`)}\n`;
}

/** Hunks as the terminal shows them (no file header: the file name is above). */
export function formatReviewHunks(hunks: readonly StructuredPatchHunk[], paint: Painter): string {
  return `${hunkLines(hunks, paint).join('\n')}\n`;
}

type Painter = ReturnType<typeof painter>;

function painter(color: boolean) {
  const code = (open: string) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[0m` : s);
  return { bold: code('1'), dim: code('2'), red: code('31'), green: code('32'), blue: code('1;34'), magenta: code('35'), cyan: code('36') };
}
