// ast-grep's CLI (npm @ast-grep/cli, a devDependency) as the peer for the conformance test and the
// benchmark. Its native binary ships in a per-platform package; @ast-grep/cli's own `ast-grep` is a
// placeholder its postinstall script replaces, and npm here may not run install scripts, so the binary
// is taken from the platform package directly.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const PLATFORM_PACKAGES: Record<string, string> = {
  'linux-x64': '@ast-grep/cli-linux-x64-gnu',
  'linux-arm64': '@ast-grep/cli-linux-arm64-gnu',
  'darwin-x64': '@ast-grep/cli-darwin-x64',
  'darwin-arm64': '@ast-grep/cli-darwin-arm64',
  'win32-x64': '@ast-grep/cli-win32-x64-msvc',
  'win32-arm64': '@ast-grep/cli-win32-arm64-msvc',
  'win32-ia32': '@ast-grep/cli-win32-ia32-msvc',
};

/** The path of the ast-grep executable, or undefined when it is not installed for this platform. */
export function astGrepBinary(): string | undefined {
  const exe = process.platform === 'win32' ? 'ast-grep.exe' : 'ast-grep';
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (pkg) {
    try {
      const bin = join(dirname(require.resolve(`${pkg}/package.json`)), exe);
      if (existsSync(bin)) return bin;
    } catch {
      /* not installed: try the main package */
    }
  }
  try {
    const bin = join(dirname(require.resolve('@ast-grep/cli/package.json')), exe);
    // Without its postinstall, this is a small placeholder script, not the binary.
    if (existsSync(bin) && readFileSync(bin).subarray(0, 4).toString('latin1') !== '#!/u') return bin;
  } catch {
    /* not installed */
  }
  return undefined;
}
