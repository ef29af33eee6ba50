// python3 as the final judge of what parses.
import { spawnSync } from 'node:child_process';

/** null when python3's ast accepts the source, else its error message. */
export function pythonSyntaxError(source: string, filename = '<fixture>'): string | null {
  const r = spawnSync(
    'python3',
    ['-c', 'import ast,sys\ntry:\n ast.parse(sys.stdin.buffer.read(), sys.argv[1])\nexcept SyntaxError as e:\n print(e); sys.exit(1)', filename],
    { input: source, encoding: 'utf8' },
  );
  if (r.error) throw r.error;
  return r.status === 0 ? null : r.stdout.trim() || r.stderr.trim();
}
