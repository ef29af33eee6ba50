// The reference for group-imports: Ruff's I001 fix, through @astral-sh/ruff-wasm-nodejs.
// Shared by the conformance run, the fixture check and the fuzz comparison.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

export interface RuffOptions {
  lineLength?: number;
  targetVersion?: string;
  /** group-imports options; their names are Ruff's isort setting names, headings aside. */
  options?: Record<string, unknown>;
  knownFirstParty?: string[];
  knownThirdParty?: string[];
}

/** A Ruff workspace that checks I001 only, with the given isort settings. */
export function ruffWorkspace(o: RuffOptions = {}): Workspace {
  const isort: Record<string, unknown> = {};
  const same = ['force-sort-within-sections', 'combine-as-imports', 'force-single-line', 'lines-after-imports', 'split-on-trailing-comma'];
  for (const k of same) if (o.options && k in o.options) isort[k] = o.options[k];
  if (o.options?.headings) {
    const name = (k: string, d: string) => (o.options![k] as string | undefined) ?? d;
    isort['import-heading'] = {
      'standard-library': name('heading-standard-library', 'Standard library imports'),
      'third-party': name('heading-third-party', 'Third-party imports'),
      'first-party': name('heading-first-party', 'Local imports'),
      'local-folder': name('heading-local-folder', 'Local imports'),
    };
  }
  if (o.knownFirstParty) isort['known-first-party'] = o.knownFirstParty;
  if (o.knownThirdParty) isort['known-third-party'] = o.knownThirdParty;
  return new Workspace(
    { 'line-length': o.lineLength ?? 88, 'target-version': o.targetVersion ?? 'py39', lint: { select: ['I001'], isort } },
    PositionEncoding.Utf16,
  );
}

/**
 * Ruff's I001 fixes applied until none is left (at most 10 rounds), as `ruff check --fix` does;
 * undefined when Ruff finds a parse error (it fixes nothing then). Syntax Ruff only rejects for the
 * target version (`match` on py39) is not a parse error: Ruff still sorts such files.
 */
export function ruffFix(ws: Workspace, source: string): string | undefined {
  let text = source;
  for (let round = 0; round < 10; round++) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const diags: any[] = ws.check(text);
    const parseError = (d: { code: string | null; message: string }) =>
      (d.code === null || d.code === undefined || d.code === 'invalid-syntax') && !String(d.message).startsWith('Cannot use');
    if (diags.some(parseError)) return undefined;
    const edits: { content: string | null; location: Pos; end_location: Pos }[] = diags
      .filter((d) => d.code === 'I001' && d.fix)
      .flatMap((d) => d.fix.edits);
    if (edits.length === 0) return text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
    const at = (p: Pos) => (starts[p.row - 1] ?? text.length) + p.column - 1;
    const ranges = edits.map((e) => ({ start: at(e.location), end: at(e.end_location), text: e.content ?? '' }));
    ranges.sort((a, b) => b.start - a.start);
    let floor = Infinity;
    for (const r of ranges) {
      if (r.end > floor) continue; // overlapping: left for the next round
      text = text.slice(0, r.start) + r.text + text.slice(r.end);
      floor = r.start;
    }
  }
  return text;
}

interface Pos {
  row: number;
  column: number;
}

/** Fixtures whose expected output differs from Ruff's on purpose (transforms/group-imports/README.md). */
export const DELIBERATE_DIFFERENCES: Readonly<Record<string, string>> = {
  'pycodemod-skip': "pycodemod's own suppression comment; Ruff does not know it",
  'same-name-bound-twice': 'sorting would change which import binds a name; Ruff sorts anyway',
  'star-import-two-stdlib-stars': 'two star imports bind the same names; sorting would change which wins; Ruff sorts anyway',
  'star-import-explicit-name-then-star': 'a star import rebinds a name imported before it; Ruff sorts anyway',
  'star-import-name-then-stdlib-star': 'an import would move above a star import that binds its name; Ruff sorts anyway',
  'star-import-typing-abc': 'two star imports bind the same names; sorting would change which wins; Ruff sorts anyway',
  'star-import-unknown-module': "an import would move above a star import of a module whose names are unknown; Ruff sorts anyway",
  'star-import-relative': "an import would move above a relative star import, whose names are unknown; Ruff sorts anyway",
  'star-import-unknown-pair': 'two star imports of unknown modules would swap; Ruff sorts anyway',
  'try-handler-goes-on': 'sorting a try body would change which imports ran before one that fails, and the handler goes on; Ruff sorts anyway',
  'headings-detached': 'a heading above a blank line is recognised; Ruff prints a second one',
  'headings-shared-local': 'first-party and local sections sharing a heading get it once; Ruff prints it twice',
  'headings-first-comment': "a heading above the first import's own comment is recognised; Ruff settles on a second one",
  'headings-above-comment': "a heading above the first import's own comment is recognised; Ruff settles on a second one",
};

/**
 * One group-imports fixture (`<name>.input.py(i)` in `dir`): its input, its hand-written expected output
 * (the input when there is no output file) and Ruff's fix of the input under the fixture's options.
 * `ruff` is undefined for a stub: the wasm API checks every source as a .py file.
 */
export function fixtureVersusRuff(dir: string, file: string): { name: string; input: string; expected: string; ruff?: string } {
  const ext = file.endsWith('.pyi') ? '.pyi' : '.py';
  const name = file.slice(0, -`.input${ext}`.length);
  const optFile = join(dir, `${name}.options.json`);
  const opts = existsSync(optFile) ? JSON.parse(readFileSync(optFile, 'utf8')) : {};
  const input = readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, '');
  const outFile = join(dir, `${name}.output${ext}`);
  const expected = existsSync(outFile) ? readFileSync(outFile, 'utf8').replace(/^\uFEFF/, '') : input;
  if (ext === '.pyi') return { name, input, expected };
  const ws = ruffWorkspace({
    lineLength: opts['line-length'],
    targetVersion: opts['target-version'],
    options: opts,
    knownFirstParty: opts['known-first-party'],
    knownThirdParty: opts['known-third-party'],
  });
  try {
    return { name, input, expected, ruff: ruffFix(ws, input) };
  } finally {
    ws.free();
  }
}
