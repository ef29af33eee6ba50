// group-imports sorts a block together with the imports other transforms put into it in the same pass
// (Fix.rebase): one pass where a second used to follow only to sort the block. The outputs are written by
// hand; each is what the transforms give one after the other.
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import type { Settings } from '../src/core/settings.js';

const byId = (...ids: string[]) => builtinTransforms.filter((t) => ids.includes(t.id));
const run = (source: string, ids: string[], settings: Partial<Settings> = {}) => transformSourceWith(source, { transforms: byId(...ids), settings });

describe('group-imports over the fixes of other transforms in its block', () => {
  it("sorts print-to-logging's `import logging` with the block and places the logger line, in one pass", async () => {
    const source = 'import sys\nimport os\n\n\ndef main():\n    print("hi")\n';
    const r = await run(source, ['print-to-logging', 'group-imports']);
    expect(r).toMatchObject({
      kind: 'ok',
      passes: 1,
      output: 'import logging\nimport os\nimport sys\n\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    logger.info("hi")\n',
    });
    if (r.kind === 'ok') expect(r.edits.map((e) => [e.transform, e.line])).toEqual([['print-to-logging', 6], ['group-imports', 1]]);
  });

  it("sorts what modern-typing's import removal leaves, in one pass", async () => {
    const source = 'import sys\nfrom typing import List, Optional\nimport os\n\n\ndef f(x: Optional[int]) -> List[int]:\n    return [x or 0, len(sys.argv), len(os.sep)]\n';
    const r = await run(source, ['modern-typing', 'group-imports'], { targetVersion: 'py310' });
    expect(r).toMatchObject({
      kind: 'ok',
      passes: 1,
      output: 'import os\nimport sys\n\n\ndef f(x: int | None) -> list[int]:\n    return [x or 0, len(sys.argv), len(os.sep)]\n',
    });
  });

  it('leaves a block it cannot read from its text (a `# noqa` inside) to the next pass, with the same result', async () => {
    const source = 'import sys\nimport os  # noqa: F401\n\n\ndef main():\n    print("hi")\n';
    const r = await run(source, ['print-to-logging', 'group-imports']);
    expect(r).toMatchObject({
      kind: 'ok',
      passes: 2,
      output: 'import logging\nimport os  # noqa: F401\nimport sys\n\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    logger.info("hi")\n',
    });
  });

  it('waits when another pass follows anyway, so a wrapped import the next pass shortens is not left wrapped', async () => {
    // Pass 1 adds the future import (modern-typing can only rewrite after it): merged then, the typing line
    // would be 91 characters and wrapped, and stay wrapped by its trailing comma once Optional and Union go.
    const typing = ['Any', 'Callable', 'Generic', 'NoReturn', 'Optional', 'TYPE_CHECKING', 'TypeVar', 'Union'];
    const source =
      'import os\n' +
      typing.map((n) => `from typing import ${n}\n`).join('') +
      '\n\ndef f(x: Optional[int], y: Union[int, str]) -> Any:\n    return os.sep, Callable, Generic, NoReturn, TYPE_CHECKING, TypeVar\n';
    const r = await run(source, ['future-annotations', 'modern-typing', 'group-imports'], { targetVersion: 'py39' });
    expect(r).toMatchObject({
      kind: 'ok',
      output:
        'from __future__ import annotations\n\nimport os\nfrom typing import TYPE_CHECKING, Any, Callable, Generic, NoReturn, TypeVar\n' +
        '\n\ndef f(x: int | None, y: int | str) -> Any:\n    return os.sep, Callable, Generic, NoReturn, TYPE_CHECKING, TypeVar\n',
    });
  });
});
