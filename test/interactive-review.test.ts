// Interactive review in-process, with a scripted terminal: every key, what is shown, what is written, the
// remembered rejections. (test/interactive-tmux.test.ts drives the real bin in a pseudo-terminal.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import type { ReviewTerminal } from '../src/runner/reporters/interactive/terminal.js';
import { tempProject } from './helpers/cli.js';
import { pythonSyntaxError } from './helpers/python.js';

/** A terminal that answers with the given keys (and the given editor) and records what was shown. */
class ScriptedTerminal implements ReviewTerminal {
  screen = '';
  readonly color = false;
  prompts = 0;
  constructor(
    private readonly keys: string[],
    private readonly editor: (text: string) => string = (t) => t,
  ) {}
  write(s: string): void {
    this.screen += s;
  }
  async readKey(): Promise<string> {
    this.prompts++;
    const k = this.keys.shift();
    if (k === undefined) throw new Error(`no key left for the prompt; screen so far:\n${this.screen}`);
    return k;
  }
  async edit(text: string): Promise<{ text: string }> {
    return { text: this.editor(text) };
  }
  close(): void {}
}

async function review(dir: string, keys: string[], extra: string[] = [], editor?: (t: string) => string) {
  const terminal = new ScriptedTerminal(keys, editor);
  let stderr = '';
  let stdout = '';
  const code = await main(['-i', ...extra], {
    stdout: (s) => (stdout += String(s)),
    stderr: (s) => (stderr += s),
    readStdin: async () => Buffer.alloc(0),
    cwd: dir,
    env: {},
    stdoutIsTTY: true,
    stdinIsTTY: true,
    openTerminal: () => terminal,
  });
  return { code, screen: terminal.screen, stderr, stdout, keysLeft: keys.length, prompts: terminal.prompts };
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const PRINTS = 'def main():\n    print("one")\n    print("two")\n    print("three")\n';
const printsOnly = ['--select', 'print-to-logging'];

describe('interactive review (-i)', () => {
  it('y/n per fix: rejected prints stay, accepted ones are rewritten with the import they need, and the file parses', async () => {
    const dir = tempProject({ 'app.py': PRINTS });
    const r = await review(dir, ['n', 'y', 'n'], printsOnly);
    expect(r.code).toBe(0);
    const out = read(dir, 'app.py');
    expect(out).toBe('import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    print("one")\n    logger.info("two")\n    print("three")\n');
    expect(pythonSyntaxError(out)).toBeNull();
    // Each question names the transform and the message, and shows the hunk.
    expect(r.screen).toContain('[print-to-logging] print() -> logger.info() app.py:2');
    expect(r.screen).toContain('-    print("one")\n+    logger.info("one")');
    expect(r.screen).toContain('(1/3) Apply this fix [y,n,a,d,A,e,q,?]?');
    expect(r.screen).toMatch(/Reviewed 1 of 1 file: 1 fix applied, 2 rejected; 1 file written\./);
  });

  it("shows what a fix brings on top of the accepted ones: the first accepted print shows its import, later ones only their line", async () => {
    const dir = tempProject({ 'app.py': PRINTS });
    const r = await review(dir, ['y', 'y', 'y'], printsOnly);
    const questions = r.screen.split('[print-to-logging]').slice(1);
    expect(questions).toHaveLength(3);
    expect(questions[0]).toContain('+import logging');
    expect(questions[1]).not.toContain('import logging');
    expect(questions[1]).toContain('+    logger.info("two")');
    expect(questions[2]).not.toContain('import logging');
  });

  it('remembers rejections in the cache: the next -i run asks only about new fixes; --forget-rejections asks again', async () => {
    const dir = tempProject({ 'app.py': PRINTS, 'other.py': 'print("x")\n' });
    const first = await review(dir, ['n', 'y', 'n', 'n'], printsOnly);
    expect(first.code).toBe(0);
    expect(read(dir, 'other.py')).toBe('print("x")\n');
    // A new print in app.py: the only question of the next run.
    const now = read(dir, 'app.py').replace('    print("three")\n', '    print("three")\n    print("four")\n');
    writeFileSync(join(dir, 'app.py'), now);
    const second = await review(dir, ['y'], printsOnly);
    expect(second.prompts).toBe(1);
    expect(second.screen).toContain('logger.info("four")');
    expect(second.screen).toMatch(/3 fixes rejected in an earlier run left out \(--forget-rejections to review them again\)/);
    expect(read(dir, 'app.py')).toContain('    print("one")\n    logger.info("two")\n    print("three")\n    logger.info("four")\n');
    // Forget only other.py's: app.py's stay remembered.
    const forget = await main(['--forget-rejections', 'other.py'], { stdout: () => {}, stderr: () => {}, readStdin: async () => Buffer.alloc(0), cwd: dir, env: {}, stdoutIsTTY: false });
    expect(forget).toBe(0);
    const third = await review(dir, ['y'], printsOnly);
    expect(third.prompts).toBe(1);
    expect(third.screen).toContain('other.py');
    expect(read(dir, 'other.py')).toContain('logger.info("x")');
    // --no-cache: no memory at all, every fix is asked about.
    const fresh = await review(dir, ['n', 'n'], [...printsOnly, '--no-cache']);
    expect(fresh.prompts).toBe(2);
  });

  it('a: the rest of the file; d: none of the rest of the file; A: every later fix of the transform, in every file', async () => {
    const files = { 'a.py': PRINTS, 'b.py': PRINTS, 'c.py': 'def f(x=[]):\n    print(x)\n' };
    let dir = tempProject(files);
    let r = await review(dir, ['n', 'a', 'd', 'y', 'y'], ['--select', 'print-to-logging,mutable-defaults']);
    expect(read(dir, 'a.py')).toContain('    print("one")\n    logger.info("two")\n    logger.info("three")\n');
    expect(read(dir, 'b.py')).toBe(PRINTS); // d on its first fix: nothing applied
    expect(read(dir, 'c.py')).toContain('logger.info("%s", x)');
    expect(r.code).toBe(0);

    dir = tempProject(files);
    // A on a.py's first print: every print everywhere; only c.py's mutable default is asked about.
    r = await review(dir, ['A', 'y'], ['--select', 'print-to-logging,mutable-defaults']);
    expect(r.prompts).toBe(2);
    expect(r.screen).toContain('[mutable-defaults]');
    for (const f of ['a.py', 'b.py']) expect(read(dir, f)).not.toContain('print(');
    expect(read(dir, 'c.py')).toContain('if x is None:');
  });

  it('q writes what was accepted in this file and stops; Ctrl-C leaves the current file as it was (exit 130)', async () => {
    let dir = tempProject({ 'a.py': PRINTS, 'b.py': PRINTS });
    let r = await review(dir, ['y', 'q'], printsOnly);
    expect(r.code).toBe(0);
    expect(read(dir, 'a.py')).toContain('    logger.info("one")\n    print("two")\n    print("three")\n');
    expect(read(dir, 'b.py')).toBe(PRINTS);
    expect(r.screen).toContain('Stopped (q)');

    dir = tempProject({ 'a.py': PRINTS, 'b.py': PRINTS });
    r = await review(dir, ['a', 'y', '\x03'], printsOnly);
    expect(r.code).toBe(130);
    expect(read(dir, 'a.py')).not.toContain('print(');
    expect(read(dir, 'b.py')).toBe(PRINTS);
  });

  it('? prints the help and asks again; an unknown key too', async () => {
    const dir = tempProject({ 'a.py': 'print(1)\n' });
    const r = await review(dir, ['?', 'x', 'y'], printsOnly);
    expect(r.prompts).toBe(3);
    expect(r.screen).toContain('A - apply this fix and every later fix of this transform, in every file');
    expect(read(dir, 'a.py')).toContain('logger.info("1")');
  });

  it('e: the hunk edited by hand is applied; an edit that does not parse is refused and can be edited again', async () => {
    const dir = tempProject({ 'a.py': PRINTS });
    const r = await review(dir, ['e', 'y', 'y'], printsOnly, (text) => text.replace('+    logger.info("one")', '+    logger.warning("one!")'));
    expect(r.code).toBe(0);
    expect(read(dir, 'a.py')).toContain('    logger.warning("one!")\n    logger.info("two")\n    logger.info("three")\n');

    const dir2 = tempProject({ 'a.py': PRINTS });
    let edits = 0;
    const broken = await review(dir2, ['e', 'y', 'n', 'n'], printsOnly, (text) =>
      edits++ === 0 ? text.replace('+    logger.info("one")', '+    logger.info("one"') : text.replace('+    logger.info("one"\n', '+    logger.info("one")\n'),
    );
    // The broken edit is refused; "Edit again? y" reopens it, and the corrected edit is applied.
    expect(edits).toBe(2);
    expect(broken.screen).toContain('Your edited hunk does not apply: syntax error');
    expect(read(dir2, 'a.py')).toContain('    logger.info("one")\n    print("two")\n    print("three")\n');
  });

  it('fixes that touch the same lines: the sort waits for the print (which adds an import) and is recomputed on what was decided', async () => {
    const src = 'import sys\nimport os\n\n\ndef main():\n    print(os.sep, sys.argv)\n';
    const both = ['--select', 'group-imports,print-to-logging'];
    // The print comes first (its import goes into the block the sort rewrites: the sort waits a pass).
    // Reject the print: the sort is recomputed without `import logging`.
    let dir = tempProject({ 'a.py': src });
    let r = await review(dir, ['n', 'y'], both);
    expect(r.screen.indexOf('[print-to-logging]')).toBeLessThan(r.screen.indexOf('[group-imports]'));
    expect(r.screen.split('[group-imports]')[1]).not.toContain('logging');
    expect(read(dir, 'a.py')).toBe('import os\nimport sys\n\n\ndef main():\n    print(os.sep, sys.argv)\n');
    // Accept the print, reject the sort: the print's import is there, the rest of the block as it was.
    dir = tempProject({ 'a.py': src });
    r = await review(dir, ['y', 'n'], both);
    const out = read(dir, 'a.py');
    expect(out).toMatch(/import sys\nimport os\n/);
    expect(out).toContain('import logging');
    expect(out).toContain('logger.info("%s %s", os.sep, sys.argv)');
    expect(pythonSyntaxError(out)).toBeNull();
    // Accept both: what a plain --write gives.
    dir = tempProject({ 'a.py': src });
    await review(dir, ['y', 'y'], both);
    const written = tempProject({ 'a.py': src });
    await main(['--write', ...both], { stdout: () => {}, stderr: () => {}, readStdin: async () => Buffer.alloc(0), cwd: written, env: {}, stdoutIsTTY: false });
    expect(read(dir, 'a.py')).toBe(read(written, 'a.py'));
  });

  it('takes --file-timeout: a plugin stuck in an endless loop is stopped after that long, the other files reviewed', { timeout: 120_000 }, async () => {
    // Loops on a file that mentions `trigger`; a worker thread runs it (plugins always get one) under the limit.
    const mods = tempProject({
      'spin.ts': `export default { id: 'spins', description: 'loops on trigger', transform(ctx: { source: string }) { if (ctx.source.includes('trigger')) for (;;) {} } };\n`,
    });
    const dir = tempProject({ 'a.py': 'print("one")\n', 'b.py': 'trigger = 1\nprint("two")\n' });
    const started = Date.now();
    const r = await review(dir, ['y'], ['-t', join(mods, 'spin.ts'), '--select', 'print-to-logging', '--extend-select', 'spins', '--file-timeout', '1', '--no-cache']);
    // Stopped after the 1 s asked for, not the default 60 s.
    expect(r.stderr).toMatch(/^b\.py: error \[spins\]: stopped after 1 s: transform spins did not finish \(an endless loop\?\); file left untouched; --file-timeout sets the limit \(plugin: .*spin\.ts\)$/m);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.prompts).toBe(1);
    expect(read(dir, 'a.py')).toBe('import logging\n\nlogger = logging.getLogger(__name__)\nlogger.info("one")\n');
    expect(read(dir, 'b.py')).toBe('trigger = 1\nprint("two")\n');
  });

  it('refuses without a terminal on stdin or stdout (exit 2), before running anything', async () => {
    const dir = tempProject({ 'a.py': 'print(1)\n' });
    let stderr = '';
    const io = { stdout: () => {}, stderr: (s: string) => (stderr += s), readStdin: async () => Buffer.alloc(0), cwd: dir, env: {} };
    expect(await main(['-i'], { ...io, stdoutIsTTY: true, stdinIsTTY: false, openTerminal: () => new ScriptedTerminal([]) })).toBe(2);
    expect(stderr).toContain('interactive review needs a terminal on stdin and stdout (stdin is not one)');
    expect(await main(['-i'], { ...io, stdoutIsTTY: false, stdinIsTTY: true, openTerminal: () => new ScriptedTerminal([]) })).toBe(2);
    expect(await main(['-i', '--check'], { ...io, stdoutIsTTY: true, stdinIsTTY: true })).toBe(2);
    expect(await main(['-i', '--format', 'json'], { ...io, stdoutIsTTY: true, stdinIsTTY: true })).toBe(2);
    expect(read(dir, 'a.py')).toBe('print(1)\n');
  });
});
