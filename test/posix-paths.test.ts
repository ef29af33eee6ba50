// Paths as reports, patches, the cache and the review's rejection store key them: `/`-separated, relative.
import { describe, expect, it } from 'vitest';
import { join, sep } from 'node:path';
import { relativePosix, toPosix } from '../src/runner/posix-paths.js';
import { displayPath } from '../src/runner/run.js';

describe('posix paths', () => {
  it('relativePosix: a path under, at and outside the folder', () => {
    const root = join(sep, 'work', 'project');
    expect(relativePosix(root, join(root, 'pkg', 'sub', 'a.py'))).toBe('pkg/sub/a.py');
    expect(relativePosix(root, root)).toBe('');
    expect(relativePosix(root, join(sep, 'work', 'other', 'b.py'))).toBe('../other/b.py');
  });

  it('toPosix joins with / whatever the separator', () => {
    expect(toPosix(['a', 'b', 'c.py'].join(sep))).toBe('a/b/c.py');
  });

  it('displayPath: relative to the cwd, the path itself when it is the cwd', () => {
    const cwd = join(sep, 'work', 'project');
    expect(displayPath(cwd, join(cwd, 'pkg', 'a.py'))).toBe('pkg/a.py');
    expect(displayPath(cwd, join(sep, 'elsewhere', 'b.py'))).toBe('../../elsewhere/b.py');
    expect(displayPath(cwd, cwd)).toBe(toPosix(cwd));
  });
});
