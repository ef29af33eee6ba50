// --select / --ignore: which transforms run. The result is always in registry order.
import { TransformNotFoundError } from '../core/errors.js';
import type { AnyTransform } from '../core/types.js';

export function selectTransforms(all: readonly AnyTransform[], select?: readonly string[], ignore?: readonly string[]): AnyTransform[] {
  const known = new Set(all.map((t) => t.id));
  for (const id of [...(select ?? []), ...(ignore ?? [])]) {
    if (id !== 'ALL' && !known.has(id))
      throw new TransformNotFoundError(`unknown transform \`${id}\``, `known transforms: ${[...known].join(', ')} (see --list-transforms)`);
  }
  const wanted = !select || select.length === 0 || select.includes('ALL') ? known : new Set(select);
  const dropped = new Set(ignore ?? []);
  return all.filter((t) => wanted.has(t.id) && !dropped.has(t.id));
}
