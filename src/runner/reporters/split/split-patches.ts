// `--split-by directory|transform|codeowners [--max-files N] --patch-dir DIR`: the run's change as several
// patches, one pull request each. Every changed file goes to exactly one piece, whole, so each patch applies
// on the original tree on its own (`git apply --check`) and all of them together are the whole change.
//
// A file changed by several transforms cannot be split between pieces without running the transforms again
// per piece (reporters never do: their fixes may depend on each other, as a print rewrite's import and the
// import sort do), so with `--split-by transform` it goes, whole, to the piece of the first of its transforms
// in run order (`--list-transforms` order); that piece's description lists the other transforms' edits it
// carries. Paths in the patches are relative to the repository root (the folder holding `.git`), where
// `git apply` expects them, and CODEOWNERS is read from there.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatHunks } from '../../../core/diff.js';
import { UsageError } from '../../../core/errors.js';
import type { FileResult } from '../../file-result.js';
import { relativePosix, topDirectory } from '../../posix-paths.js';
import { editsPerTransform, formatCounts } from '../edit-counts.js';
import { resultHunks } from '../file-diff.js';
import { ownersOf, readCodeowners, type Codeowners } from './codeowners.js';

export type SplitBy = 'directory' | 'transform' | 'codeowners';

export interface SplitOptions {
  by: SplitBy;
  maxFiles?: number;
  /** The repository root: patch paths are relative to it. */
  root: string;
  /** The folder the display paths are relative to. */
  cwd: string;
}

interface PieceFile {
  /** Path relative to the repository root. */
  path: string;
  patch: string;
  edits: Map<string, number>;
  /** Places not rewritten in this file. */
  places: number;
}

export interface Piece {
  /** What the files have in common: a directory, a transform, owners. */
  key: string;
  title: string;
  files: PieceFile[];
  owners?: string[];
  /** Part n of m when --max-files cut the group. */
  part?: [number, number];
}

/** The folder holding `.git` at or above `from`, else `from`. */
export function repositoryRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

export class SplitPatches {
  private readonly files: PieceFile[] = [];
  private readonly codeowners?: Codeowners;

  constructor(private readonly options: SplitOptions) {
    if (options.by === 'codeowners') {
      this.codeowners = readCodeowners(options.root);
      if (!this.codeowners)
        throw new UsageError(`--split-by codeowners: no CODEOWNERS file in ${options.root} (looked for .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS)`);
    }
  }

  get root(): string {
    return this.options.root;
  }

  add(r: FileResult): void {
    if (r.kind !== 'changed') return;
    const abs = resolve(this.options.cwd, r.path);
    const path = relativePosix(this.options.root, abs);
    if (path.startsWith('../')) throw new UsageError(`${r.path} is outside the repository ${this.options.root}: its patch could not be applied there`);
    this.files.push({ path, patch: formatHunks(path, resultHunks(r)), edits: editsPerTransform(r.edits), places: r.skips.length });
  }

  /** The pieces, in a stable order: by key (transforms in run order `order`), parts in path order. */
  pieces(order: readonly string[]): Piece[] {
    const groups = new Map<string, { title: string; files: PieceFile[]; owners?: string[] }>();
    for (const f of this.files) {
      let key: string;
      let title: string;
      let owners: string[] | undefined;
      if (this.options.by === 'directory') {
        key = topDirectory(f.path);
        title = key === '.' ? 'files at the top of the repository' : `${key}/`;
      } else if (this.options.by === 'transform') {
        key = [...f.edits.keys()].sort((a, b) => rank(order, a) - rank(order, b))[0]!;
        title = key;
      } else {
        owners = ownersOf(this.codeowners!, f.path).owners;
        key = owners.length ? owners.join(' ') : '(no owners)';
        title = owners.length ? `owned by ${owners.join(', ')}` : 'files without owners';
      }
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { title, files: [], owners }));
      g.files.push(f);
    }
    const keys = [...groups.keys()].sort((a, b) => (this.options.by === 'transform' ? rank(order, a) - rank(order, b) : a.localeCompare(b)));
    const out: Piece[] = [];
    for (const key of keys) {
      const g = groups.get(key)!;
      const parts = this.options.by === 'directory' && this.options.maxFiles ? splitByFolders(g.files, this.options.maxFiles, key === '.' ? 0 : 1) : [g.files];
      const chunks = parts.flatMap((p) => chunk(p, this.options.maxFiles));
      chunks.forEach((files, i) =>
        out.push({ key, title: g.title, files, ...(g.owners ? { owners: g.owners } : {}), ...(chunks.length > 1 ? { part: [i + 1, chunks.length] as [number, number] } : {}) }),
      );
    }
    return out;
  }

  /**
   * Writes NN-name.patch and NN-name.md per piece, and pieces.json, into `dir`. A folder from an earlier
   * split is emptied first; a folder holding anything else is refused.
   */
  write(dir: string, order: readonly string[]): { pieces: Piece[]; written: { patch: string; description: string }[] } {
    prepareFolder(dir);
    const pieces = this.pieces(order);
    const width = String(pieces.length).length;
    const names = new Set<string>();
    const written: { patch: string; description: string }[] = [];
    const manifest = pieces.map((piece, i) => {
      let name = `${String(i + 1).padStart(Math.max(2, width), '0')}-${slug(piece)}`;
      while (names.has(name)) name += '-x';
      names.add(name);
      const patch = join(dir, `${name}.patch`);
      const description = join(dir, `${name}.md`);
      writeFileSync(patch, piece.files.map((f) => f.patch).join(''));
      writeFileSync(description, describe(piece, this.options.by, order, `${name}.patch`));
      written.push({ patch, description });
      return {
        name,
        patch: `${name}.patch`,
        description: `${name}.md`,
        by: this.options.by,
        key: piece.key,
        title: pieceTitle(piece, this.options.by),
        ...(piece.owners ? { owners: piece.owners } : {}),
        ...(piece.part ? { part: piece.part } : {}),
        files: piece.files.map((f) => f.path),
        edits: Object.fromEntries(totals(piece)),
      };
    });
    writeFileSync(join(dir, 'pieces.json'), `${JSON.stringify({ root: this.options.root, by: this.options.by, pieces: manifest }, null, 2)}\n`);
    return { pieces, written };
  }
}

const MARKER = '.pycodemod-split';

function prepareFolder(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--patch-dir ${dir} is not a folder`);
    const names = readdirSync(dir);
    if (names.length && !names.includes(MARKER))
      throw new UsageError(`--patch-dir ${dir} holds other files; refusing to mix patches into it`, 'give --patch-dir a new or empty folder (a folder of an earlier split is reused)');
    // An earlier split's pieces go: a piece that no longer exists must not be left to be applied.
    for (const n of names) if (n.endsWith('.patch') || n.endsWith('.md') || n === 'pieces.json') rmSync(join(dir, n));
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), '# Patches written by pycodemod --split-by; the folder is emptied by the next split into it.\n');
}

function rank(order: readonly string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

/** A folder's files cut by subfolders until each group has at most `max` files (or is one folder's own files). */
function splitByFolders(files: PieceFile[], max: number, depth: number): PieceFile[][] {
  if (files.length <= max) return [files];
  const groups = new Map<string, PieceFile[]>();
  for (const f of files) {
    const parts = f.path.split('/');
    // Files directly in this folder stay together; each subfolder is a group.
    const key = parts.length - 1 > depth ? parts.slice(0, depth + 1).join('/') : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }
  if (groups.size === 1 && groups.has('')) return [files];
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).flatMap(([key, g]) => (key === '' ? [g] : splitByFolders(g, max, depth + 1)));
}

function chunk<T>(items: T[], max: number | undefined): T[][] {
  if (!max || items.length <= max) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += max) out.push(items.slice(i, i + max));
  return out;
}

function totals(piece: Piece): Map<string, number> {
  const t = new Map<string, number>();
  for (const f of piece.files) for (const [id, n] of f.edits) t.set(id, (t.get(id) ?? 0) + n);
  return t;
}

function folderOf(piece: Piece): string {
  // The folder the piece's files share (for a part cut from a directory piece).
  const dirs = piece.files.map((f) => f.path.split('/').slice(0, -1));
  let common = dirs[0] ?? [];
  for (const d of dirs) {
    let i = 0;
    while (i < common.length && common[i] === d[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}

function pieceTitle(piece: Piece, by: SplitBy): string {
  const part = piece.part ? ` (part ${piece.part[0]} of ${piece.part[1]})` : '';
  if (by === 'directory') {
    const folder = folderOf(piece);
    return `pycodemod: ${folder ? `${folder}/` : 'files at the top of the repository'}${part}`;
  }
  if (by === 'transform') return `pycodemod: ${piece.key}${part}`;
  return `pycodemod: ${piece.title}${part}`;
}

function slug(piece: Piece): string {
  const base = (piece.key === '.' ? 'top' : piece.key === '(no owners)' ? 'no-owners' : piece.key)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'piece';
  return piece.part ? `${base}-part-${piece.part[0]}-of-${piece.part[1]}` : base;
}

function describe(piece: Piece, by: SplitBy, order: readonly string[], patchName: string): string {
  const lines: string[] = [];
  const t = totals(piece);
  const edits = [...t.values()].reduce((a, b) => a + b, 0);
  lines.push(`## ${pieceTitle(piece, by)}`, '');
  lines.push(`${piece.files.length} file${piece.files.length === 1 ? '' : 's'}, ${edits} edit${edits === 1 ? '' : 's'} made by pycodemod.`);
  if (piece.owners?.length) lines.push('', `Owners (CODEOWNERS): ${piece.owners.join(' ')}`);
  lines.push('', '| Transform | Edits |', '| --- | ---: |');
  for (const [id, n] of [...t].sort((a, b) => rank(order, a[0]) - rank(order, b[0]))) lines.push(`| \`${id}\` | ${n} |`);
  if (by === 'transform') {
    const riders = piece.files.filter((f) => f.edits.size > 1);
    if (riders.length)
      lines.push(
        '',
        `${riders.length === 1 ? 'One of these files is' : `${riders.length} of these files are`} also changed by other transforms; a file is never split between pieces (each patch applies on its own), so their edits are here too:`,
        '',
        ...riders.slice(0, 50).map((f) => `- \`${f.path}\`: ${formatCounts([...f.edits].filter(([id]) => id !== piece.key))}`),
        ...(riders.length > 50 ? [`- ... and ${riders.length - 50} more`] : []),
      );
  }
  const places = piece.files.reduce((n, f) => n + f.places, 0);
  if (places) lines.push('', `pycodemod left ${places} place${places === 1 ? '' : 's'} in these files alone (see \`pycodemod -v\` or \`--report\`).`);
  lines.push('', '<details><summary>Files</summary>', '');
  for (const f of piece.files.slice(0, 1000)) lines.push(`- \`${f.path}\`: ${formatCounts(f.edits)}`);
  if (piece.files.length > 1000) lines.push(`- ... and ${piece.files.length - 1000} more`);
  lines.push('', '</details>', '', `Apply at the repository root: \`git apply ${patchName}\``, '');
  return lines.join('\n');
}
