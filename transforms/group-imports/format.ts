// Printing one import statement: single line when it fits, else black's parenthesized vertical
// style with a trailing comma; comments printed where they travel.
import type { CommentSet, FromEntry, MemberEntry, StraightEntry } from './collect.js';

export interface Layout {
  lineEnding: string;
  /** The file's indentation step, for the names inside parentheses. */
  indentUnit: string;
  lineLength: number;
  /** Display width of the block's own indentation. */
  indentWidth: number;
}

const TAB_SIZE = 4;

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

/**
 * Display width of a character as a terminal shows it (what Ruff measures): 0 for control characters,
 * combining marks and zero-width format characters, 2 for East Asian wide/full-width characters and
 * emoji, else 1. The wide ranges are the main blocks of the Unicode East Asian Width table.
 */
function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad) return 0;
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  // Regional indicators count one each (a flag, a pair of them, is two columns).
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return 1;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1b000 && cp <= 0x1b2ff) ||
    (cp >= 0x1f200 && cp <= 0x1f2ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    EMOJI.test(ch)
  )
    return 2;
  return 1;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The display width of `text` printed from column `column`: tabs go to the next multiple of four. */
export function widthFrom(column: number, text: string): number {
  // Printable ASCII (nearly every import line) is one column per character.
  if (PRINTABLE_ASCII.test(text)) return column + text.length;
  let w = column;
  for (const ch of text) {
    if (ch === '\t') w += TAB_SIZE - (w % TAB_SIZE);
    else w += charWidth(ch);
  }
  return w;
}

function atopLines(atop: readonly string[], isFirst: boolean, nl: string): string {
  // A comment block above a statement that is not its section's first gets a blank line before it.
  let out = !isFirst && atop.length > 0 ? nl : '';
  for (const c of atop) out += c + nl;
  return out;
}

export function formatStraight(entry: StraightEntry, isFirst: boolean, layout: Layout): string {
  let out = atopLines(entry.atop, isFirst, layout.lineEnding);
  out += `import ${entry.name}${entry.asname !== undefined ? ` as ${entry.asname}` : ''}`;
  for (const c of entry.inline) out += `  ${c}`;
  return out + layout.lineEnding;
}

const hasComments = (c: CommentSet) => c.atop.length + c.inline.length + c.trailing.length > 0;
const member = (m: MemberEntry) => (m.asname !== undefined ? `${m.name} as ${m.asname}` : m.name);

export function moduleText(entry: FromEntry): string {
  return '.'.repeat(entry.level) + (entry.module ?? '');
}

export function formatFrom(entry: FromEntry, members: MemberEntry[], isFirst: boolean, layout: Layout, magicComma: boolean): string {
  const star = members.some((m) => m.name === '*');
  if (members.length === 1 && star && members[0]!.asname === undefined) return singleLine(entry, members, isFirst, layout).text;
  // One line only when no name carries a comment (or there is one name) and no magic trailing comma.
  if (!magicComma && (members.length === 1 || members.every((m) => !hasComments(m.comments)))) {
    const single = singleLine(entry, members, isFirst, layout);
    if (single.width <= layout.lineLength || star) return single.text;
  }
  return multiLine(entry, members, isFirst, layout);
}

const PRAGMA_WITH_COLON = new Set(['isort', 'type', 'pyright', 'pyrefly', 'pylint', 'flake8', 'ruff', 'ty']);

/**
 * A tool directive (`# noqa: F401`, `# type: ignore`, `# nosec`, `# pylint: ...`): Ruff leaves its
 * width out when deciding whether a statement fits, so a pragma never forces a wrap.
 */
export function isPragmaComment(comment: string): boolean {
  if (!comment.startsWith('#')) return false;
  const content = comment.slice(1).replace(/^\s+/, '');
  if (/^noqa/i.test(content) || content.startsWith('nosec')) return true;
  const colon = content.indexOf(':');
  return colon !== -1 && PRAGMA_WITH_COLON.has(content.slice(0, colon));
}

function singleLine(entry: FromEntry, members: MemberEntry[], isFirst: boolean, layout: Layout): { text: string; width: number } {
  const code = `from ${moduleText(entry)} import ${members.map(member).join(', ')}`;
  let line = code;
  let width = widthFrom(layout.indentWidth, code);
  const add = (comments: readonly string[]) => {
    for (const c of comments) {
      line += `  ${c}`;
      if (!isPragmaComment(c)) width = widthFrom(width, `  ${c}`);
    }
  };
  add(entry.comments.inline);
  for (const m of members) {
    add(m.comments.atop);
    add(m.comments.inline);
    add(m.comments.trailing);
  }
  add(entry.comments.trailing);
  return { text: atopLines(entry.comments.atop, isFirst, layout.lineEnding) + line + layout.lineEnding, width };
}

function multiLine(entry: FromEntry, members: MemberEntry[], isFirst: boolean, layout: Layout): string {
  const nl = layout.lineEnding;
  const ind = layout.indentUnit;
  let out = atopLines(entry.comments.atop, isFirst, nl);
  out += `from ${moduleText(entry)} import (`;
  for (const c of entry.comments.inline) out += `  ${c}`;
  out += nl;
  for (const m of members) {
    for (const c of m.comments.atop) out += ind + c + nl;
    out += `${ind}${member(m)},`;
    for (const c of m.comments.inline) out += `  ${c}`;
    out += nl;
    for (const c of m.comments.trailing) out += ind + c + nl;
  }
  out += ')';
  for (const c of entry.comments.trailing) out += `  ${c}`;
  return out + nl;
}
