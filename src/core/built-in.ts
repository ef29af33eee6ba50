// Which transform objects are pycodemod's own. A built-in may promise to settle in one pass only among
// the built-ins (`settlesInOnePass: 'among-built-ins'`): the engine knows what they look for, never what a
// plugin or a pattern rule might, so the promise holds only in a run of built-ins alone.
import type { AnyTransform } from './types.js';

const builtIns = new WeakSet<AnyTransform>();

/** Marks the registry's transforms (transforms/index.ts); returns them unchanged. */
export function markBuiltIns<T extends readonly AnyTransform[]>(transforms: T): T {
  for (const t of transforms) builtIns.add(t);
  return transforms;
}

export function isBuiltIn(transform: AnyTransform): boolean {
  return builtIns.has(transform);
}
