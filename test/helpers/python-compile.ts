// python3 as the judge of many sources at once: one interpreter compiles a whole batch (starting python3
// per source would cost minutes on a large differential run).
import { spawnSync } from 'node:child_process';

export interface PythonVerdict {
  ok: boolean;
  /** The exception class: SyntaxError, IndentationError, TabError, ValueError, ... */
  errorClass?: string;
  message?: string;
  line?: number;
}

const COMPILE_ALL = String.raw`
import json, sys, warnings
warnings.simplefilter("ignore")  # invalid escapes and the like are warnings, not errors
out = []
for source in json.load(sys.stdin):
    try:
        compile(source, "<input>", "exec", dont_inherit=True)
        out.append({"ok": True})
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        out.append({"ok": False, "errorClass": type(e).__name__, "message": getattr(e, "msg", str(e)), "line": getattr(e, "lineno", None)})
json.dump(out, sys.stdout)
`;

/** What `compile(source, ..., "exec")` says about each source, in order. */
export function compileWithPython(sources: readonly string[]): PythonVerdict[] {
  const r = spawnSync('python3', ['-c', COMPILE_ALL], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PythonVerdict[];
}
