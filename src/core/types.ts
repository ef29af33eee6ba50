// The vocabulary shared by the core, the transforms and the runner.
// Offsets are UTF-16 code units into the JS string (what web-tree-sitter and magic-string use).
import type { Node, Query, Tree } from 'web-tree-sitter';
import type { Settings } from './settings.js';
import type { PythonHelpers } from './python/helpers.js';

declare global {
  /**
   * web-tree-sitter's declarations name this type from @types/emscripten, which it does not install; an
   * empty declaration (merged with the real one when present) lets authors type-check against pycodemod
   * without `skipLibCheck`.
   */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface EmscriptenModule {}
}

/** Replace source[start, end) by text; an insertion has start === end. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A list of non-overlapping edits applied all-or-nothing, tagged with the transform that asked for it. */
export interface Fix {
  transformId: string;
  message: string;
  /** Where the problem is (offset), for the line/column in reports. */
  offset: number;
  edits: Edit[];
  /**
   * For a fix of a transform that settles in one pass (see Transform.settlesInOnePass) made of one edit
   * that replaces a range: its text again, once fixes of other transforms in the same pass have changed
   * text inside that range (at its edges too). The engine passes the range as they leave it; what this
   * returns replaces the whole range, so both land in one pass (group-imports sorts an import block
   * together with the `import logging` print-to-logging put into it). Undefined: the fix waits for the
   * next pass, as one without `rebase` does. A throw counts as undefined.
   */
  rebase?: (edited: string) => string | undefined;
}

/** A place a transform saw but chose not to rewrite, and why. */
export interface Skip {
  transformId: string;
  offset: number;
  line: number;
  column: number;
  reason: string;
}

/**
 * Code that breaks a rule and has no automatic fix (a pattern rule without `rewrite`, a `search` match).
 * Unlike a skip it is a result: printed, counted, and `--check` fails on it. Positions are 1-based, in the
 * source as read.
 */
export interface Finding {
  transformId: string;
  message: string;
  offset: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The flagged code. */
  text: string;
  /** What each metavariable bound (a list for `$$$A`), for search results. */
  captures?: Record<string, FindingSpan | FindingSpan[]>;
}

export interface FindingSpan {
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FlagInput {
  /** The flagged code; or give `start` and `end` offsets. */
  node?: Node;
  start?: number;
  end?: number;
  message: string;
  captures?: Record<string, { start: number; end: number } | { start: number; end: number }[]>;
}

/**
 * A fix that landed, as reported to users: where the problem is (1-based line/column) and the lines its edits
 * touch, all in the original file, whichever pass of the fix loop applied it.
 */
export interface AppliedEdit {
  transform: string;
  line: number;
  column: number;
  message: string;
  /** The first and last line of the original file that the fix's edits touch (an import it adds, say). */
  startLine: number;
  endLine: number;
}

export type OptionType = 'boolean' | 'string' | 'number' | 'string[]';

export interface OptionSpec {
  type: OptionType;
  default: unknown;
  description: string;
  /** For string options: the allowed values. */
  choices?: readonly string[];
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Maps an option spec table to the typed values a transform receives. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['type'] extends 'number'
      ? number
      : S[K]['type'] extends 'string[]'
        ? string[]
        : string;
};

export interface TransformDocs {
  whatItDoes: string;
  why: string;
  example: { before: string; after: string };
  /** What the rewrite can change in the program's behaviour. */
  semantics: string;
}

export interface ReportInput {
  /** The node the message is about; its start gives the line and column. */
  node?: Node;
  offset?: number;
  message: string;
  /** The edits that fix it; omit to report without fixing. */
  fix?: Edit[];
  /** See Fix.rebase: the fix again over text other fixes of the pass changed inside its one edit. */
  rebase?: (edited: string) => string | undefined;
}

export interface TransformContext<O = Record<string, unknown>> {
  readonly path: string;
  readonly source: string;
  readonly tree: Tree;
  readonly root: Node;
  readonly options: O;
  readonly settings: Settings;
  readonly python: PythonHelpers;
  /**
   * A compiled tree-sitter query over the Python grammar, cached by its text (compiled once per thread).
   * Finding candidates with one query is far cheaper than walking the whole tree from JavaScript.
   */
  query(text: string): Query;
  report(input: ReportInput): void;
  skip(nodeOrOffset: Node | number, reason: string): void;
  /** Flags code that breaks the rule where no fix is offered: a finding (see Finding), not a skip. */
  flag(input: FlagInput): void;
}

/** What `mayApply` knows besides the text: the file and the transform's options. */
export interface MayApplyContext<O = Record<string, unknown>> {
  readonly path: string;
  readonly options: O;
  readonly settings: Settings;
}

export interface Transform<S extends OptionSpecs = OptionSpecs> {
  id: string;
  description: string;
  docs: TransformDocs;
  options: S;
  /**
   * True when one pass of this transform's fixes leaves nothing for any transform to find: its output is
   * its own fixed point, and it only moves or re-spells code the others read the same way (group-imports
   * reorders imports). A pass whose fixes all come from such transforms ends the fix loop without a
   * confirmation pass. `PYCODEMOD_VERIFY_SHORTCUTS=1` runs the confirmation anyway and fails if it finds
   * anything. `'among-built-ins'` (for built-in transforms only): the same promise, kept only towards the
   * built-ins: what it adds is nothing a built-in looks for, but a plugin or pattern rule might (raise-from's
   * `from err`), so it counts only in a run of built-ins alone.
   */
  settlesInOnePass?: boolean | 'among-built-ins';
  /**
   * For a transform whose text check keeps saying "maybe" over the places it skips: the transforms (by id)
   * whose fixes never give it anything new to do. It promises that a pass in which its own fixes all
   * landed leaves it nothing more, unless a transform outside this list (and not settling in one pass)
   * made fixes in that pass too. Then no confirmation pass runs for it, whatever its text check says; a
   * wrong promise costs a fix the next run makes, never a wrong rewrite. `PYCODEMOD_VERIFY_SHORTCUTS=1`
   * runs the confirmation anyway and fails if it finds anything.
   */
  unaffectedBy?: readonly string[];
  /**
   * False for a transform that runs only when selected (`select`, `extend-select`, `ALL`): one whose rewrite
   * changes behaviour beyond its rule, or that a team adopts deliberately. Default true.
   */
  enabledByDefault?: boolean;
  /**
   * For transform objects passed to `run()` directly (not loaded from a module by path): a string that
   * changes whenever the transform's behaviour does (a version, plus any parameters it closes over).
   * pycodemod cannot see a closure's captured values, so without it such a transform turns the result
   * cache off for the run (`stats.cacheOffReason` says so). Built-in transforms and plugins loaded by path
   * need none: their code is hashed.
   */
  cacheKey?: string;
  /** File types the transform looks at; default both .py and .pyi. */
  appliesTo?: (path: string) => boolean;
  /**
   * False when the transform can find nothing in this text: no fix, no skip, no finding (a pattern rule
   * whose literal word is absent, a module that never calls print). When every selected transform says so,
   * the file is not even parsed. It must never say false where `transform` would report anything: it
   * reads the text only (`codeText` gives the code without strings and comments).
   */
  mayApply?: (source: string, context: MayApplyContext<OptionValues<S>>) => boolean;
  transform(ctx: TransformContext<OptionValues<S>>): void;
}

// eslint-style identity helper that keeps the option types.
export function defineTransform<S extends OptionSpecs>(t: Transform<S>): Transform<S> {
  return t;
}

/** A transform of any option shape, as the registry and the engine hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTransform = Transform<any>;
