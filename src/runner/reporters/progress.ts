// A one-line progress bar on stderr: files done/total, files/s, ETA. The CLI decides whether a run gets
// one at all (a terminal on stderr, text output, not quiet); the bar itself stays invisible for the first
// second, so short runs never flash it, and redraws at most ten times a second.
export interface ProgressOptions {
  write: (s: string) => void;
  /** Terminal width (default, and when the terminal reports 0: 80). */
  columns?: number;
  /** Milliseconds before the bar first appears (default 1000). */
  delayMs?: number;
  now?: () => number;
}

const REDRAW_MS = 100;

export class ProgressBar {
  private readonly started: number;
  private lastDraw = -Infinity;
  private visible = false;
  private done = 0;
  private total = 0;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  update(done: number, total: number): void {
    this.done = done;
    this.total = total;
    const t = this.now();
    if (t - this.started < (this.options.delayMs ?? 1000)) return;
    if (done >= total) {
      this.clear();
      return;
    }
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.options.write(`\r${this.render(t)}\x1b[K`);
    this.visible = true;
  }

  /** Erase the bar (before other output goes to the terminal, and at the end). */
  clear(): void {
    if (!this.visible) return;
    this.options.write('\r\x1b[K');
    this.visible = false;
    this.lastDraw = -Infinity; // redraw on the next update
  }

  render(t = this.now()): string {
    const elapsed = Math.max(0.001, (t - this.started) / 1000);
    const rate = this.done / elapsed;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const counts = `${this.done}/${this.total} files`;
    const tail = ` ${counts}  ${rate.toFixed(0)} files/s  ETA ${formatSeconds(eta)}`;
    const width = Math.max(10, Math.min(40, (this.options.columns || 80) - tail.length - 3));
    const filled = this.total > 0 ? Math.round((width * this.done) / this.total) : 0;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`;
  }
}

function formatSeconds(s: number): string {
  const total = Math.ceil(s);
  const m = Math.floor(total / 60);
  return m > 0 ? `${m}m${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}

/** Whether a run should get a bar: only for a human watching stderr. */
export function wantsProgress(o: { stderrIsTTY: boolean; json: boolean; quiet: boolean }): boolean {
  return o.stderrIsTTY && !o.json && !o.quiet;
}
