// A time limit for user code that runs on the main thread. Worker threads are stopped from outside when a
// file runs too long (runner/workers/schedule.ts); code that cannot be moved to a worker (transform objects
// handed to the library, stdin mode, transformSource) gets the same limit here instead: each call of such
// a transform runs under node:vm's `timeout`, whose watchdog interrupts even a `for (;;) {}` (V8 terminates
// the running code; no try/catch/finally in the transform can hold on to it). A stopped call leaves the
// file failed and unwritten, like any transform that throws.
import { Script } from 'node:vm';
import type { AnyTransform, MayApplyContext } from './types.js';

/** Thrown (through the engine) when a limited transform runs past its file's deadline. */
export class TransformTimeoutError extends Error {
  constructor(
    readonly transformId: string,
    readonly limitMs: number,
  ) {
    super(overtimeMessage(limitMs, transformId));
    this.name = 'TransformTimeoutError';
  }
}

/** The one message for a file stopped by the time limit, in a worker or on the main thread. */
export function overtimeMessage(limitMs: number, transformId?: string): string {
  // To the millisecond (node:vm's unit, 1 at least): 1234 s, 0.3 s, 0.001 s (never "0 s").
  const seconds = Number((Math.max(1, limitMs) / 1000).toFixed(3));
  return `stopped after ${seconds} s: ${transformId ? `transform ${transformId} did not finish (an endless loop?); ` : ''}file left untouched; --file-timeout sets the limit`;
}

/**
 * The clock of the file being processed: `start()` before each file, then every limited transform shares
 * what is left of the file's time (several passes, several transforms: one budget per file, as in workers).
 */
export class FileClock {
  private deadline = Infinity;
  constructor(readonly limitMs: number) {}
  start(): void {
    this.deadline = Date.now() + this.limitMs;
  }
  /** Milliseconds left for the current file (at least 1 while it has any). */
  left(): number {
    return this.deadline - Date.now();
  }
}

const MAX_VM_TIMEOUT = 2 ** 32 - 1;

// One compiled script calls whatever `call` holds: vm's timeout applies to everything that script runs,
// including functions defined outside it.
const trampoline = new Script('globalThis[Symbol.for("pycodemod.limited-call")]()', { filename: 'pycodemod:time-limit' });
const slot = Symbol.for('pycodemod.limited-call');

/**
 * `fn()`, stopped after `ms` (it then throws what isTimeout recognises). V8 terminates the running code,
 * WebAssembly included: state it was changing may be left half-changed, so the caller must not trust it again.
 */
export function callWithin<T>(ms: number, fn: () => T): T {
  const holder = globalThis as unknown as Record<symbol, (() => T) | undefined>;
  const outer = holder[slot];
  holder[slot] = fn;
  try {
    // node:vm takes 1 to 2^32-1 ms; a longer limit (`--file-timeout 1e9`) never ends a file anyway.
    return trampoline.runInThisContext({ timeout: Math.min(MAX_VM_TIMEOUT, Math.max(1, Math.ceil(ms))), displayErrors: false }) as T;
  } finally {
    holder[slot] = outer;
  }
}

/** The error callWithin throws when its time is up. */
export function isTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * `t` with every call limited by `clock`: past the file's deadline it throws TransformTimeoutError (the
 * engine reports it as the transform's failure, naming its id). Anything else it throws passes through.
 */
export function withTimeLimit(t: AnyTransform, clock: FileClock): AnyTransform {
  const limited = <T>(fn: () => T): T => {
    const left = clock.left();
    if (left <= 0) throw new TransformTimeoutError(t.id, clock.limitMs);
    try {
      return callWithin(left, fn);
    } catch (err) {
      if (isTimeout(err)) throw new TransformTimeoutError(t.id, clock.limitMs);
      throw err;
    }
  };
  const { appliesTo, mayApply } = t;
  return {
    ...t,
    // Every hook of the transform is its author's code.
    ...(appliesTo ? { appliesTo: (path: string) => limited(() => appliesTo.call(t, path)) } : {}),
    ...(mayApply ? { mayApply: (source: string, context: MayApplyContext<any>) => limited(() => mayApply.call(t, source, context)) } : {}),
    transform(ctx) {
      limited(() => t.transform.call(t, ctx));
    },
  };
}

/** `transforms` with the ones `limited` picks under `clock`'s limit (the others, trusted code, run as they are). */
export function limitTransforms(transforms: readonly AnyTransform[], clock: FileClock, limited: (t: AnyTransform) => boolean): AnyTransform[] {
  return transforms.map((t) => (limited(t) ? withTimeLimit(t, clock) : t));
}
