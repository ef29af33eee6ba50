// Literal folding against real-world text: every distinct string literal of the corpus (plain, raw,
// triple-quoted, implicitly concatenated, u-prefixed; no bytes, no f-string fields) is printed alone,
// next to an argument, as a separator, and (when python3 accepts it so) as a %-format with a tuple;
// f-strings whose fields are plain names are printed with values their specs accept. The script must print the same bytes before and after
// print-to-logging, with the root logger printing bare messages.
//
//   npx tsx test/corpus/print-to-logging-literals.ts [CORPUS_DIR] [MAX_LITERALS]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Node } from 'web-tree-sitter';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonFiles } from './corpus-files.js';

const corpus = process.argv[2] ?? '/tmp/pycodemod-corpus';
const max = Number(process.argv[3] ?? 4000);
const transform = builtinTransforms.find((t) => t.id === 'print-to-logging')!;


/** A literal we can print: no bytes, no f-string fields, no comments or continuations inside. */
function printable(node: Node): boolean {
  const parts = node.type === 'string' ? [node] : node.namedChildren;
  return parts.every((p) => {
    if (!p || p.type !== 'string') return false;
    const start = p.namedChild(0)?.text ?? '';
    return !/[bBtT]/.test(start) && !p.namedChildren.some((c) => c?.type === 'interpolation');
  });
}

/** For an f-string (or concatenation) whose fields are plain names: a value for each name. */
function fields(node: Node): Map<string, string> | null {
  const parts = node.type === 'string' ? [node] : node.namedChildren;
  const names = new Map<string, string>();
  let any = false;
  for (const p of parts) {
    if (!p || p.type !== 'string' || /[bBtT]/.test(p.namedChild(0)?.text ?? '')) return null;
    for (const f of p.namedChildren) {
      if (f?.type !== 'interpolation') continue;
      const expr = f.childForFieldName('expression');
      if (expr?.type !== 'identifier' || ['print', 'X'].includes(expr.text)) return null;
      const spec = f.childForFieldName('format_specifier')?.text ?? '';
      if (spec.includes('{')) return null;
      const type = spec.slice(-1);
      const value = f.childForFieldName('type_conversion') ? '"s"' : 'dxXobcn'.includes(type) && spec ? '65' : 'eEfFgG%'.includes(type) && spec ? '1.5' : '"s"';
      names.set(expr.text, value);
      any = true;
    }
  }
  return any ? names : null;
}

/** Values for the %-directives a literal's source seems to hold (python3 decides if they fit). */
function percentArgs(src: string): string[] {
  const args: string[] = [];
  for (const m of src.matchAll(/%(?:%|[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa]))/g)) {
    if (m[0] === '%%') continue;
    if (m[1] === '*') args.push('3');
    if (m[2] === '*') args.push('2');
    args.push('diouxXc'.includes(m[3]!) ? '65' : 'eEfFgG'.includes(m[3]!) ? '1.5' : '"s"');
  }
  return args;
}

async function main() {
  const parser = await loadPythonParser();
  const literals = new Set<string>();
  const fstrings = new Map<string, Map<string, string>>();
  for (const file of pythonFiles(corpus)) {
    if (literals.size >= max && fstrings.size >= max) break;
    const source = readFileSync(file, 'utf8');
    const tree = parser.parse(source);
    if (!tree.rootNode.hasError)
      for (const n of tree.rootNode.descendantsOfType(['string', 'concatenated_string'])) {
        if (!n || (n.type === 'string' && n.parent?.type === 'concatenated_string')) continue;
        if (n.text.length >= 2000) continue;
        if (printable(n)) {
          if (literals.size < max) literals.add(n.text);
        } else if (fstrings.size < max && fields(n)) fstrings.set(n.text, fields(n)!);
      }
    tree.delete();
  }

  // One function per literal so that a literal python3 rejects (a bad escape) costs only itself.
  const lines = ['X = "<x>"', 'import warnings', 'warnings.simplefilter("ignore")', ''];
  let i = 0;
  for (const lit of literals) {
    const src = lit.replace(/\r\n?/g, '\n');
    lines.push(`def case_${i}():`, `    print(${src})`, `    print(${src}, X)`, `    print(X, ${src}, X)`, `    print("a", "b", sep=${src})`);
    // As a %-format with a tuple of values its directives accept (when Python agrees it is one).
    const args = percentArgs(src);
    if (args.length > 0) {
      const tuple = `(${args.join(', ')},)`;
      lines.push('    try:', `        (${src}) % ${tuple}`, '    except Exception:', '        return', `    print((${src}) % ${tuple}, X)`);
    }
    lines.push('');
    i++;
  }
  // f-strings whose fields are plain names: each name gets a value its format spec accepts.
  for (const [text, names] of fstrings) {
    const src = text.replace(/\r\n?/g, '\n');
    lines.push(`def case_${i}():`);
    for (const [name, value] of names) lines.push(`    ${name} = ${value}`);
    lines.push('    try:', `        (${src})`, '    except Exception:', '        return', `    print(${src}, X)`, `    print(${src})`, '');
    i++;
  }
  lines.push(`for i in range(${i}):`, '    print("--", i)', '    globals()[f"case_{i}"]()', '');
  const source = lines.join('\n');
  const printCalls = lines.filter((l) => /^\s*print\(/.test(l)).length;

  const result = await transformSourceWith(source, { path: 'literals.py', transforms: [transform] });
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result).slice(0, 500));
  const work = mkdtempSync(join(tmpdir(), 'ptl-literals-'));
  try {
    writeFileSync(join(work, 'before.py'), source);
    writeFileSync(join(work, 'after.py'), result.output);
    const run = (args: string[]) =>
      spawnSync('sh', ['-c', 'exec python3 -u "$@" 2>&1', 'sh', ...args], { cwd: work, maxBuffer: 1 << 28, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    const before = run(['before.py']);
    const after = run([
      '-c',
      'import logging, runpy, sys\nlogging.basicConfig(format="%(message)s", level=logging.DEBUG, stream=sys.stdout)\nrunpy.run_path(sys.argv[1], run_name="__main__")\n',
      'after.py',
    ]);
    const same = before.stdout.equals(after.stdout);
    const left = result.output.split('\n').filter((l) => /^\s+print\(/.test(l)).length;
    process.stdout.write(
      `literals: ${literals.size}; f-strings: ${fstrings.size}; print calls: ${printCalls}; rewritten: ${result.edits.length}; left: ${left}; ` +
        `exit codes ${before.status}/${after.status}; output identical: ${same}\n`,
    );
    if (!same) {
      const a = before.stdout.toString('utf8').split('\n');
      const b = after.stdout.toString('utf8').split('\n');
      const k = a.findIndex((line, j) => line !== b[j]);
      process.stdout.write(`first difference at output line ${k + 1}:\n- ${a.slice(Math.max(0, k - 3), k + 2).join('\n- ')}\n+ ${b.slice(Math.max(0, k - 3), k + 2).join('\n+ ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
