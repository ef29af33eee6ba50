// The terminal interactive review talks to: single keys in raw mode, text out, and an editor for `e`.
// Keys typed ahead (pasted, or sent faster than the questions come) wait in a queue, in order.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadStream } from 'node:tty';

export interface ReviewTerminal {
  write(s: string): void;
  /** The next key: one character; '\x03' for Ctrl-C, '' when input ended. */
  readKey(): Promise<string>;
  /** Opens `text` in the user's editor; the edited text, or an error message when the editor failed. */
  edit(text: string, name: string): Promise<{ text: string } | { error: string }>;
  readonly color: boolean;
  close(): void;
}

export class TtyTerminal implements ReviewTerminal {
  private readonly queue: string[] = [];
  private waiting?: (key: string) => void;
  private ended = false;
  private readonly onData = (chunk: Buffer | string) => {
    // Keys are single characters; an escape sequence (an arrow key) is one unknown key.
    const text = chunk.toString();
    const keys = text.startsWith('\x1b') ? [text] : [...text];
    for (const k of keys) this.push(k);
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.push('');
  };

  constructor(
    private readonly input: ReadStream,
    private readonly output: { write(s: string): unknown },
    private readonly env: Record<string, string | undefined>,
    readonly color: boolean,
  ) {
    input.setRawMode(true);
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.resume();
  }

  write(s: string): void {
    this.output.write(s);
  }

  readKey(): Promise<string> {
    const next = this.queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (this.ended) return Promise.resolve('');
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private push(key: string): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(key);
    } else this.queue.push(key);
  }

  async edit(text: string, name: string): Promise<{ text: string } | { error: string }> {
    const editor = this.env.VISUAL || this.env.EDITOR || 'vi';
    const dir = mkdtempSync(join(tmpdir(), 'pycodemod-edit-'));
    const file = join(dir, name);
    writeFileSync(file, text);
    // The editor gets the terminal as it expects it: cooked mode, our reading paused.
    this.input.off('data', this.onData);
    this.input.setRawMode(false);
    this.input.pause();
    try {
      // Through the shell, as git runs $EDITOR: the variable may hold arguments (`code --wait`).
      const r = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'pycodemod-editor', file], { stdio: 'inherit' });
      if (r.error) return { error: `could not run the editor \`${editor}\`: ${r.error.message}` };
      if (r.status !== 0) return { error: `the editor \`${editor}\` exited with code ${r.status ?? r.signal}` };
      return { text: readFileSync(file, 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      this.input.setRawMode(true);
      this.input.on('data', this.onData);
      this.input.resume();
    }
  }

  close(): void {
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.setRawMode(false);
    this.input.pause();
  }
}
