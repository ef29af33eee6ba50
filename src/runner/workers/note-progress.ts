// In a worker whose files have a time limit, each transform notes in the shared `progress` array
// (WorkerInit.progress) that it runs, so that a file the main thread's watchdog stops names the transform.
import { isBuiltIn, markBuiltIns } from '../../core/built-in.js';
import type { AnyTransform, MayApplyContext } from '../../core/types.js';

/** `t`, noting its runs in `progress` as transform `k` of configuration `config` (`t` itself without `progress`). */
export function noted(t: AnyTransform, k: number, config: number, progress: Int32Array | undefined): AnyTransform {
  if (!progress) return t;
  // As in withTimeLimit: hooks a plugin class defines on its prototype are not own properties, which
  // `...t` alone would drop; they keep running on `t` itself.
  const { appliesTo, mayApply } = t;
  const wrapped: AnyTransform = {
    ...t,
    ...(appliesTo ? { appliesTo: (path: string) => appliesTo.call(t, path) } : {}),
    ...(mayApply ? { mayApply: (source: string, context: MayApplyContext<any>) => mayApply.call(t, source, context) } : {}),
    transform(ctx) {
      Atomics.store(progress, 2, config);
      Atomics.store(progress, 1, k + 1);
      try {
        t.transform.call(t, ctx);
      } finally {
        Atomics.store(progress, 1, 0);
      }
    },
  };
  // A built-in stays one to the engine: `settlesInOnePass: 'among-built-ins'` counts only in a run of
  // built-ins alone, and workers must do the same work as the main thread.
  return isBuiltIn(t) ? markBuiltIns([wrapped])[0]! : wrapped;
}
