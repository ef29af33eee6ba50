// Which transforms are someone else's code: plugins and transform objects handed to the library. The
// built-ins and pattern rules (data run by pycodemod's own engine) are trusted to finish; user code gets a
// time limit (a worker thread that can be stopped, or core/time-limit.ts on the main thread).
import { isBuiltIn } from '../core/built-in.js';
import { ruleOf } from '../patterns/rule-transform.js';
import type { AnyTransform } from '../core/types.js';

export function isUserCode(t: AnyTransform): boolean {
  return !isBuiltIn(t) && ruleOf(t) === undefined;
}
