// Which transforms are someone else's code: plugins and transform objects handed to the library. The
// built-ins and pattern rules (data run by pycodemod's own engine) are trusted to finish; user code gets a
// time limit (a worker thread that can be stopped, or core/time-limit.ts on the main thread).
import { isBuiltIn } from '../core/built-in.js';
import { ruleOf } from '../patterns/rule-transform.js';
import { FileClock, limitTransforms } from '../core/time-limit.js';
import type { AnyTransform } from '../core/types.js';

export function isUserCode(t: AnyTransform): boolean {
  return !isBuiltIn(t) && ruleOf(t) === undefined;
}

/** The clock of user code run on this thread, `limitMs` per file (undefined for 0: no limit); `start()` it before each file. */
export function userCodeClock(limitMs: number): FileClock | undefined {
  return limitMs > 0 ? new FileClock(limitMs) : undefined;
}

/** `transforms` with their user code under `clock` (as they are without one). */
export function limitUserCode(transforms: readonly AnyTransform[], clock: FileClock | undefined): readonly AnyTransform[] {
  return clock ? limitTransforms(transforms, clock, isUserCode) : transforms;
}
