// Interactive review for real: the built bin in a pseudo-terminal (tmux), keys sent with send-keys, the
// screen read with capture-pane. CI installs tmux (.ci/run); without it, outside CI, these are skipped.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, runBin } from './helpers/built-cli.js';
import { tempProject } from './helpers/cli.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux && process.env.CI) throw new Error('tmux is missing: .ci/run installs it (apt-get install tmux)');

// A private tmux server, so nothing here touches anyone's sessions.
const SOCKET = `pycodemod-test-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
afterAll(() => {
  if (hasTmux) tmux('kill-server');
});

let sessions = 0;

/** Starts `pycodemod ARGS` in a new 120x40 terminal in `dir`; the pane stays after the command ends, showing EXIT=code. */
function start(dir: string, args: string[], env: Record<string, string> = {}): string {
  ensureBuilt();
  const name = `s${++sessions}`;
  const vars = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}='${v}'`).join(' ');
  const command = `cd '${dir}' && env ${vars} '${process.execPath}' '${BIN}' ${args.join(' ')}; echo EXIT=$?; sleep 600`;
  const r = tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', command);
  if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  return name;
}

/** The screen's text (`escapes`: with the colour escape sequences). */
function screen(name: string, escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-J', '-S', '-200', '-t', name).stdout;
}

/** Waits until the screen shows `text` (the n-th time); fails with the screen after 90 s (CI machines can be busy). */
async function waitFor(name: string, text: string | RegExp, times = 1): Promise<string> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const s = screen(name);
    const count = typeof text === 'string' ? s.split(text).length - 1 : (s.match(new RegExp(text.source, 'g')) ?? []).length;
    if (count >= times) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; the screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const keys = (name: string, ...k: string[]) => tmux('send-keys', '-t', name, ...k);
const PRINTS = 'def main():\n    print("one")\n    print("two")\n    print("three")\n';

describe.skipIf(!hasTmux)('interactive review in a real terminal (tmux)', () => {
  it('shows each fix coloured with its transform and message, takes single keys, writes what was accepted', async () => {
    const dir = tempProject({ 'app.py': PRINTS, 'lib.py': 'def f(x=[]):\n    return x\n' });
    const s = start(dir, ['-i', '--select', 'print-to-logging,mutable-defaults']);
    let text = await waitFor(s, 'Apply this fix [y,n,a,d,A,e,q,?]?');
    expect(text).toContain('app.py (file 1 of 2)');
    expect(text).toContain('[print-to-logging] print() -> logger.info() app.py:2');
    expect(text).toContain('+import logging');
    // Coloured: the added lines green, the removed red, the transform id magenta.
    const coloured = screen(s, true);
    // (tmux re-emits the colours, sometimes with a background reset after them.)
    expect(coloured).toMatch(/\x1b\[32m(\x1b\[\d+m)*\+    logger\.info\("one"\)/);
    expect(coloured).toMatch(/\x1b\[31m(\x1b\[\d+m)*-    print\("one"\)/);
    expect(coloured).toMatch(/\x1b\[35m(\x1b\[\d+m)*\[print-to-logging\]/);

    keys(s, 'n');
    await waitFor(s, '(2/3) Apply this fix');
    keys(s, '?');
    text = await waitFor(s, 'q - quit');
    keys(s, 'y');
    await waitFor(s, '(3/3) Apply this fix');
    keys(s, 'n');
    text = await waitFor(s, '[mutable-defaults]');
    keys(s, 'y');
    text = await waitFor(s, /EXIT=\d+/);
    expect(text).toContain('EXIT=0');
    expect(text).toMatch(/Reviewed 2 of 2 files: 2 fixes applied, 2 rejected; 2 files written\./);
    expect(readFileSync(join(dir, 'app.py'), 'utf8')).toBe(
      'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    print("one")\n    logger.info("two")\n    print("three")\n',
    );
    expect(readFileSync(join(dir, 'lib.py'), 'utf8')).toBe('def f(x=None):\n    if x is None:\n        x = []\n    return x\n');

    // The next run remembers the two rejections: nothing to ask.
    const again = start(dir, ['-i', '--select', 'print-to-logging,mutable-defaults']);
    text = await waitFor(again, /EXIT=\d+/);
    expect(text).not.toContain('Apply this fix');
    expect(text).toContain('2 fixes rejected in an earlier run left out');
  }, 300_000);

  it('e opens $EDITOR on the hunk (a real process on the terminal) and applies the edited version', async () => {
    const dir = tempProject({ 'app.py': PRINTS });
    const editor = join(dir, 'edit.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i \'s/^+    logger.info("one")/+    logger.warning("one")/\' "$1"\n');
    chmodSync(editor, 0o755);
    const s = start(dir, ['-i', '--select', 'print-to-logging', '--no-cache'], { EDITOR: editor });
    await waitFor(s, '(1/3) Apply this fix');
    keys(s, 'e');
    await waitFor(s, 'Apply this fix', 2);
    keys(s, 'a');
    const text = await waitFor(s, /EXIT=\d+/);
    expect(text).toContain('EXIT=0');
    expect(readFileSync(join(dir, 'app.py'), 'utf8')).toContain('    logger.warning("one")\n    logger.info("two")\n    logger.info("three")\n');
  }, 300_000);

  it('Ctrl-C stops at once (exit 130), the current file left as it was; q writes what was accepted', async () => {
    const dir = tempProject({ 'a.py': PRINTS, 'b.py': PRINTS });
    const s = start(dir, ['-i', '--select', 'print-to-logging', '--no-cache']);
    await waitFor(s, '(1/3) Apply this fix');
    keys(s, 'a');
    await waitFor(s, 'b.py (file 2 of 2)');
    keys(s, 'y');
    await waitFor(s, '(2/3) Apply this fix');
    keys(s, 'C-c');
    const text = await waitFor(s, /EXIT=\d+/);
    expect(text).toContain('EXIT=130');
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).not.toContain('print(');
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toBe(PRINTS);

    const q = start(dir, ['-i', '--select', 'print-to-logging', '--no-cache']);
    await waitFor(q, '(1/3) Apply this fix');
    keys(q, 'y', 'q');
    expect(await waitFor(q, /EXIT=\d+/)).toContain('EXIT=0');
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toContain('    logger.info("one")\n    print("two")\n');
  }, 300_000);
});

describe('interactive review without a terminal', () => {
  it('refuses at once with exit 2 when stdin is not a terminal (CI): it never waits for keys', () => {
    const dir = tempProject({ 'a.py': PRINTS });
    const r = runBin(['-i'], { cwd: dir, timeoutMs: 20_000, input: 'yyyy' });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('interactive review needs a terminal on stdin and stdout');
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(PRINTS);
  });
});
