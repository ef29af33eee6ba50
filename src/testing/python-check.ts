// CPython as the final judge of a fixture's output: it must parse, and compile wherever the input did
// (compile() also rejects what the parser accepts, such as `return` outside a function, `nonlocal` at
// module level or a name both global and assigned before).
import { spawnSync } from 'node:child_process';

const SCRIPT = `
import ast, json, sys
data = json.loads(sys.stdin.buffer.read().decode('utf-8'))
def problem(src, mode):
    try:
        if mode == 'parse':
            ast.parse(src, data['file'])
        else:
            compile(src, data['file'], 'exec', dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        return f'{type(e).__name__}: {e}'
    return None
out = problem(data['output'], 'parse') or (problem(data['input'], 'compile') is None and problem(data['output'], 'compile'))
print(json.dumps(out or None))
`;

/** The interpreter could not be started (not installed). */
export class PythonUnavailableError extends Error {}

/**
 * null when `python` accepts the output (parses; compiles when the input compiles), else Python's message.
 * Throws PythonUnavailableError when the interpreter cannot be run.
 */
export function pythonRejects(python: string, input: string, output: string, file: string): string | null {
  // A BOM is the file's encoding mark, not source text: Python reads files without it.
  const strip = (s: string) => s.replace(/^\uFEFF/, '');
  const r = spawnSync(python, ['-c', SCRIPT], {
    input: JSON.stringify({ input: strip(input), output: strip(output), file }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new PythonUnavailableError(`${python} not found`);
    throw r.error;
  }
  if (r.status !== 0) throw new Error(`${python} failed while checking ${file}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as string | null;
}
