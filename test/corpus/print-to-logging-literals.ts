// Literal folding against real-world text: every distinct string literal of the corpus (plain, raw,
// triple-quoted, implicitly concatenated, u-prefixed; no bytes, no f-string fields) is printed alone,
// next to an argument, as a separator, and (when python3 accepts it so) as a %-format with a tuple. The script must print the same bytes before and after
// print-to-logging, with the root logger printing bare messages.
//
//   npx tsx test/corpus/print-to-logging-literals.ts [CORPUS_DIR] [MAX_LITERALS]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Node } from 'web-tree-sitter';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { builtinTransforms } from '../../transforms/index.js';

const corpus = process.argv[2] ?? '/tmp/pycodemod-corpus';
const max = Number(process.argv[3] ?? 4000);
const transform = builtinTransforms.find((t) => t.id === 'print-to-logging')!;

function* pythonFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* pythonFiles(path);
    else if (name.endsWith('.py')) yield path;
  }
}

/** A literal we can print: no bytes, no f-string fields, no comments or continuations inside. */
function printable(node: Node): boolean {
  const parts = node.type === 'string' ? [node] : node.namedChildren;
  return parts.every((p) => {
    if (!p || p.type !== 'string') return false;
    const start = p.namedChild(0)?.text ?? '';
    return !/[bBtT]/.test(start) && !p.namedChildren.some((c) => c?.type === 'interpolation');
  });
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
  for (const file of pythonFiles(corpus)) {
    if (literals.size >= max) break;
    const source = readFileSync(file, 'utf8');
    const tree = parser.parse(source);
    if (!tree.rootNode.hasError)
      for (const n of tree.rootNode.descendantsOfType(['string', 'concatenated_string'])) {
        if (!n || (n.type === 'string' && n.parent?.type === 'concatenated_string')) continue;
        if (printable(n) && n.text.length < 2000) literals.add(n.text);
        if (literals.size >= max) break;
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
      `literals: ${literals.size}; print calls: ${printCalls}; rewritten: ${result.edits.length}; left: ${left}; ` +
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
