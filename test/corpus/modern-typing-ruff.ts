// The reference for modern-typing: Ruff's UP006 + UP007 + UP045 fixes (and, with `abc`, the part of UP035 that
// moves typing's aliases of collections.abc to `from collections.abc import ...`), applied as `ruff check --fix
// --unsafe-fixes` applies them, round after round; then the typing imports those fixes left unused removed with
// Ruff's own F401 fix (only those: a typing import that was unused before stays, and so does every other import).
// Shared by the corpus comparison (test/corpus/modern-typing-vs-ruff.ts) and the fixture test.
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

interface Pos {
  row: number;
  column: number;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Diagnostic = any;

export interface ModernTypingReference {
  /** The rewritten source; undefined when Ruff finds a syntax error (it fixes nothing then). */
  output: string | undefined;
}

/** A workspace per rule set and target, kept for the whole run (creating one costs milliseconds). */
const workspaces = new Map<string, Workspace>();
function workspace(target: string, codes: readonly string[]): Workspace {
  const key = `${target}:${codes.join(',')}`;
  let ws = workspaces.get(key);
  if (!ws) {
    ws = new Workspace({ 'line-length': 88, 'target-version': target, lint: { select: [...codes] } }, PositionEncoding.Utf16);
    workspaces.set(key, ws);
  }
  return ws;
}

export function freeWorkspaces(): void {
  for (const ws of workspaces.values()) ws.free();
  workspaces.clear();
}

/** A Ruff diagnostic that says the file does not parse (not one that says the target lacks some syntax). */
export const isParseError = (d: Diagnostic) => (d.code === null || d.code === undefined || d.code === 'invalid-syntax') && !String(d.message).startsWith('Cannot use');

/** UP035's collections.abc moves only (its other moves, typing_extensions -> typing and the like, are not modern-typing's). */
const isAbcMove = (d: Diagnostic) => d.code === 'UP035' && String(d.message).startsWith('Import from `collections.abc` instead');

/** Line starts of `text` (Ruff's rows: LF, CRLF and lone CR end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * One round of Ruff's fix application (crates/ruff_linter/src/fix/mod.rs): fixes sorted by their first
 * edit, an edit identical to one already applied is dropped, and a fix whose first new edit starts at or
 * before the end of the last applied edit waits for the next round. Returns the text, and whether anything applied.
 */
function applyRound(text: string, diagnostics: Diagnostic[]): { text: string; applied: boolean } {
  const starts = lineStarts(text);
  const at = (p: Pos) => (starts[p.row - 1] ?? text.length) + p.column - 1;
  const fixes: Edit[][] = diagnostics
    .filter((d) => d.fix && d.fix.edits.length > 0)
    .map((d) => (d.fix.edits as { content: string | null; location: Pos; end_location: Pos }[]).map((e) => ({ start: at(e.location), end: at(e.end_location), text: e.content ?? '' })).sort((a, b) => a.start - b.start));
  fixes.sort((a, b) => a[0]!.start - b[0]!.start);
  const applied: Edit[] = [];
  const key = (e: Edit) => `${e.start}:${e.end}:${e.text}`;
  const seen = new Set<string>();
  let lastPos = -1;
  for (const fix of fixes) {
    const fresh = fix.filter((e) => !seen.has(key(e)));
    if (fresh.length === 0) continue;
    if (lastPos >= fresh[0]!.start) continue;
    for (const e of fresh) {
      applied.push(e);
      seen.add(key(e));
      lastPos = e.end;
    }
  }
  if (applied.length === 0) return { text, applied: false };
  let out = text;
  for (const e of [...applied].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied: true };
}

/** Iterates rounds of the selected diagnostics' fixes until none is left (at most 20 rounds, as Ruff's 100 is never needed here). */
function fixUntilStable(text: string, ws: Workspace, keep: (d: Diagnostic) => boolean): string | undefined {
  for (let round = 0; round < 20; round++) {
    const diags: Diagnostic[] = ws.check(text);
    if (diags.some(isParseError)) return undefined;
    const r = applyRound(text, diags.filter(keep));
    if (!r.applied) return text;
    text = r.text;
  }
  return text;
}

/** The F401 diagnostics about typing imports (`typing.List`, `typing`), with the local name each binds. */
function unusedTypingImports(text: string, ws: Workspace): { name: string; local: string; d: Diagnostic }[] {
  const starts = lineStarts(text);
  const at = (p: Pos) => (starts[p.row - 1] ?? text.length) + p.column - 1;
  const found: { name: string; local: string; d: Diagnostic }[] = [];
  for (const d of ws.check(text) as Diagnostic[]) {
    if (d.code !== 'F401') continue;
    const m = /^`([^`]+)` imported but unused/.exec(String(d.message));
    if (!m || !/^typing(_extensions)?($|\.)/.test(m[1]!)) continue;
    // The diagnostic covers `name` or `name as alias` in the import: the local name is its last word.
    const written = text.slice(at(d.start_location), at(d.end_location));
    const local = /([A-Za-z_][\w]*)\s*$/.exec(written)?.[1] ?? m[1]!.split('.')[0]!;
    found.push({ name: m[1]!, local, d });
  }
  return found;
}

/**
 * Ruff's modern-typing rewrite of `source` for `target` (`py39`, `py310`...). `abc`: also UP035's
 * collections.abc moves (modern-typing's default).
 */
export function ruffModernTyping(source: string, target: string, abc = true): ModernTypingReference {
  const codes = abc ? ['UP006', 'UP007', 'UP045', 'UP035'] : ['UP006', 'UP007', 'UP045'];
  const up = workspace(target, codes);
  const f401 = workspace(target, ['F401']);
  const keep = (d: Diagnostic) => d.code === 'UP006' || d.code === 'UP007' || d.code === 'UP045' || (abc && isAbcMove(d));
  let text = fixUntilStable(source, up, keep);
  if (text === undefined) return { output: undefined };
  if (text === source) return { output: text };
  // Only the typing imports the rewrite left unused go: the ones unused before are used, for F401, by a line
  // added at the end for the time of the fix (Ruff's F401 fix drops every unused name of a statement at once).
  const before = unusedTypingImports(source, f401);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const marker = `${nl}__pycodemod_keep__ = (${[...new Set(before.map((b) => b.local))].join(', ')},)${nl}`;
  const finalBreak = text === '' || /[\r\n]$/.test(text);
  if (before.length) text = (finalBreak ? text : text + nl) + marker;
  for (let round = 0; round < 20; round++) {
    const r = applyRound(text, unusedTypingImports(text, f401).map((u) => u.d));
    if (!r.applied) break;
    text = r.text;
  }
  if (before.length && text.endsWith(marker)) {
    text = text.slice(0, -marker.length);
    if (!finalBreak) text = text.slice(0, -nl.length);
  }
  return { output: text };
}
