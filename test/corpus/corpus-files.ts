// Shared by the corpus scripts: the Python files under a folder, and their command-line flags.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.py` file below `dir`, in sorted order (folders walked in name order). */
export function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) pythonFiles(path, out);
    else if (name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Removes `--name value` from `args` and returns the value (undefined when absent). */
export function takeFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}
