// `pycodemod -i`: a normal run (workers, cache) finds the files with fixes; then each of them is reviewed
// fix by fix on the main thread, the fix loop re-run there with the rejected fixes left out.
import { join, resolve } from 'node:path';
import { loadPythonParser } from '../../../core/parser.js';
import { readFailure, readRegularFile } from '../../../core/regular-file.js';
import { quotePath } from '../../../core/quote-path.js';
import { decodePythonSource } from '../../read-source.js';
import { displayPath, resolveRegistry, run, type PreparedRun, type RunOptions } from '../../run.js';
import { reportFile } from '../text-report.js';
import { RejectionStore } from './rejections.js';
import { reviewSession, type SessionFile } from './session.js';
import type { ReviewTerminal } from './terminal.js';

export interface InteractiveOptions extends RunOptions {
  cwd: string;
  /** Where problems found by the run go (files that fail, are skipped). */
  stderr: (s: string) => void;
  stdout: (s: string) => void;
  /** The terminal to review on, opened once the run has found what to review (until then Ctrl-C works as usual). */
  openTerminal: () => ReviewTerminal;
  /** --forget-rejections: forget what was rejected in earlier runs (of the files under `paths`) first. */
  forget: boolean;
  verbose?: boolean;
}

/** The rejection memory of the base configuration's cache folder (none with --no-cache). */
export async function openRejections(options: InteractiveOptions): Promise<RejectionStore | undefined> {
  if (options.cache === false) return undefined;
  const base = await resolveRegistry(options);
  const root = base.settings.projectRoot;
  return RejectionStore.open(resolve(options.cwd, options.cacheDir ?? join(root, '.pycodemod_cache')), root);
}

export async function forgetRejections(store: RejectionStore | undefined, options: InteractiveOptions): Promise<string> {
  if (!store) return 'pycodemod: --forget-rejections has nothing to do with --no-cache (rejections are kept in the cache)\n';
  const paths = (options.paths?.length ? options.paths : ['.']).map((p) => resolve(options.cwd, p));
  const forgotten = store.forget(paths);
  store.save();
  const fixes = `${forgotten.fixes} rejected fix${forgotten.fixes === 1 ? '' : 'es'}`;
  return `pycodemod: forgot ${fixes}${forgotten.files ? ` in ${forgotten.files} file${forgotten.files === 1 ? '' : 's'}` : ''}\n`;
}

/** Exit code: 0; 1 when a file failed (in the run or the review); 130 when interrupted. */
export async function interactiveReview(options: InteractiveOptions): Promise<number> {
  const store = await openRejections(options);
  if (options.forget) options.stderr(await forgetRejections(store, options));
  let prepared: PreparedRun | undefined;
  const changed: string[] = [];
  let failedInRun = 0;
  const report = await run({
    ...options,
    write: false,
    diff: false,
    collectResults: false,
    onPrepared: (p) => (prepared = p),
    onResult: (r) => {
      if (r.kind === 'changed') changed.push(r.path);
      else reportFile(r, 'write', { out: options.stderr, err: options.stderr }, { color: false, verbose: options.verbose ?? false });
      if (r.kind === 'failed') failedInRun++;
    },
  });
  if (changed.length === 0) {
    options.stdout(`Nothing to review: no fix in ${report.summary.files} file${report.summary.files === 1 ? '' : 's'}.\n`);
    return failedInRun ? 1 : 0;
  }

  // Results name files by display path; the review needs each one's absolute path and configuration.
  const where = new Map<string, { abs: string; config: number }>();
  prepared!.files.forEach((abs, i) => where.set(displayPath(prepared!.cwd, abs), { abs, config: prepared!.configOf[i]! }));
  const parser = await loadPythonParser();
  let unreadable = 0;
  async function* files(): AsyncGenerator<SessionFile> {
    for (const display of changed) {
      const at = where.get(display);
      if (!at) continue;
      const config = prepared!.configs[at.config]!;
      let bytes: Buffer;
      try {
        bytes = readRegularFile(at.abs).bytes;
      } catch (err) {
        unreadable++;
        options.stderr(`${quotePath(display)}: cannot read: ${readFailure(err)}\n`);
        continue;
      }
      const decoded = decodePythonSource(bytes);
      if (!decoded.ok) continue; // changed since the run into something no longer rewritten
      yield { abs: at.abs, display, text: decoded.text, bom: decoded.bom, bytes, transforms: config.transforms, settings: config.settings };
    }
  }
  const terminal = options.openTerminal();
  let summary;
  try {
    summary = await reviewSession(files(), { terminal, parser, rejections: store, total: changed.length });
  } finally {
    terminal.close();
  }
  const parts = [`${summary.accepted} fix${summary.accepted === 1 ? '' : 'es'} applied`, `${summary.rejected} rejected`];
  let text = `\nReviewed ${summary.files} of ${changed.length} file${changed.length === 1 ? '' : 's'}: ${parts.join(', ')}; ${summary.written} file${summary.written === 1 ? '' : 's'} written.`;
  if (summary.rememberedLeftOut)
    text += ` ${summary.rememberedLeftOut} fix${summary.rememberedLeftOut === 1 ? '' : 'es'} rejected in an earlier run left out (--forget-rejections to review ${summary.rememberedLeftOut === 1 ? 'it' : 'them'} again).`;
  if (summary.stopped === 'quit') text += ' Stopped (q): files after this one were not reviewed.';
  if (summary.stopped === 'interrupted') text += ' Interrupted: files after this one were not reviewed.';
  terminal.write(`${text}\n`);
  if (summary.stopped === 'interrupted') return 130;
  return failedInRun || summary.failed || unreadable ? 1 : 0;
}
