// A fixture folder read into cases: `<case>.input.py` -> `<case>.output.py`, with the optional
// `<case>.options.json` and `<case>.skips.txt` beside it. Reading only; checking is check-case.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../core/settings.js';

/** One case of a fixture folder, as read from disk. */
export interface FixtureCase {
  /** The case name: `one-line-body` for `one-line-body.input.py`. */
  name: string;
  /** `.py` or `.pyi`. */
  ext: '.py' | '.pyi';
  inputFile: string;
  input: string;
  /** The `<case>.output.py` file, or undefined when the case must not change. */
  outputFile?: string;
  output?: string;
  /** `<case>.options.json`, parsed into settings, the file's path and the transform's options. */
  options?: CaseOptions;
  optionsFile?: string;
  /** `<case>.skips.txt`, parsed; undefined when there is no such file (skips are then not checked). */
  skips?: ExpectedSkip[];
  skipsFile?: string;
}

/** What `<case>.options.json` sets. */
export interface CaseOptions {
  /** The path the source is transformed as (`pkg/__main__.py`), relative to the fixture folder. */
  path?: string;
  /** Project settings (`target-version`, `line-length`, `known-first-party`, `known-third-party`, `src`). */
  settings: Partial<Omit<Settings, 'transformOptions' | 'projectRoot'>>;
  /** Every other key: an option of the transform under test, as in `[tool.pycodemod.<id>]`. */
  transformOptions: Record<string, unknown>;
}

/** One line of `<case>.skips.txt`: `LINE[:COLUMN]: REASON`. */
export interface ExpectedSkip {
  line: number;
  column?: number;
  /** The reason, exactly; or its beginning when `prefix` (the line ended in `...`). */
  reason: string;
  prefix: boolean;
  /** Line of the skips file it came from (1-based), for messages. */
  sourceLine: number;
}

/** The keys of `<case>.options.json` that are project settings rather than transform options. */
export const SETTING_KEYS = {
  'target-version': 'targetVersion',
  'line-length': 'lineLength',
  'known-first-party': 'knownFirstParty',
  'known-third-party': 'knownThirdParty',
  src: 'src',
} as const satisfies Record<string, keyof Settings>;

const CASE_FILE = /^(.+)\.(input|output)(\.pyi?)$|^(.+)\.(options\.json|skips\.txt)$/;

/**
 * The cases of a fixture folder in name order. Throws on a file that belongs to no case
 * (`x.output.py` without `x.input.py`, a misspelt `x.option.json` is simply not a case file).
 */
export function readFixtureCases(dir: string): FixtureCase[] {
  const files = readdirSync(dir).sort();
  const inputs = new Map<string, '.py' | '.pyi'>();
  for (const f of files) {
    const m = CASE_FILE.exec(f);
    if (m?.[2] === 'input') inputs.set(m[1]!, m[3] as '.py' | '.pyi');
  }
  const stray: string[] = [];
  for (const f of files) {
    const m = CASE_FILE.exec(f);
    if (!m) continue;
    const name = m[1] ?? m[4]!;
    const ext = inputs.get(name);
    if (ext === undefined || (m[3] !== undefined && m[3] !== ext)) stray.push(f);
  }
  if (stray.length > 0)
    throw new Error(`${dir}: ${stray.join(', ')}: no matching <case>.input.py(i); rename or delete (a case needs an input file)`);

  return [...inputs].map(([name, ext]) => readCase(dir, name, ext));
}

function readCase(dir: string, name: string, ext: '.py' | '.pyi'): FixtureCase {
  const inputFile = join(dir, `${name}.input${ext}`);
  const c: FixtureCase = { name, ext, inputFile, input: readFileSync(inputFile, 'utf8') };
  const outputFile = join(dir, `${name}.output${ext}`);
  if (existsSync(outputFile)) Object.assign(c, { outputFile, output: readFileSync(outputFile, 'utf8') });
  const optionsFile = join(dir, `${name}.options.json`);
  if (existsSync(optionsFile)) Object.assign(c, { optionsFile, options: parseCaseOptions(readFileSync(optionsFile, 'utf8'), optionsFile) });
  const skipsFile = join(dir, `${name}.skips.txt`);
  if (existsSync(skipsFile)) Object.assign(c, { skipsFile, skips: parseSkipsFile(readFileSync(skipsFile, 'utf8'), skipsFile) });
  return c;
}

/** `{ "path": ..., "target-version": "py310", "fix-private": true }` -> settings + transform options. */
export function parseCaseOptions(text: string, file: string): CaseOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: expected a JSON object`);
  const options: CaseOptions = { settings: {}, transformOptions: {} };
  const settings = options.settings as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'path') {
      if (typeof value !== 'string') throw new Error(`${file}: \`path\` must be a string`);
      options.path = value;
    } else if (key in SETTING_KEYS) {
      settings[SETTING_KEYS[key as keyof typeof SETTING_KEYS]] = value;
    } else options.transformOptions[key] = value;
  }
  return options;
}

/**
 * `<case>.skips.txt`: the skips the transform must report for the input (what `pycodemod -v` prints as
 * "not rewritten"), one per line as `LINE:COLUMN: REASON` or `LINE: REASON` (any column). A reason ending
 * in `...` matches any reason that starts with the text before it. Blank lines and lines starting with
 * `#` are ignored; an empty file means "no skips".
 */
export function parseSkipsFile(text: string, file: string): ExpectedSkip[] {
  const skips: ExpectedSkip[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\d+)(?::(\d+))?:\s*(.+)$/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: expected \`LINE:COLUMN: REASON\` or \`LINE: REASON\`, got ${JSON.stringify(raw)}`);
    const reason = m[3]!;
    const prefix = reason.endsWith('...');
    skips.push({
      line: Number(m[1]),
      column: m[2] === undefined ? undefined : Number(m[2]),
      reason: prefix ? reason.slice(0, -3).trimEnd() : reason,
      prefix,
      sourceLine: i + 1,
    });
  });
  return skips;
}
