// --select / --extend-select / --ignore: which transforms run, as Ruff chooses rules. The result is always
// in registry order.
//
// - No `select`: the transforms that are on by default (`enabledByDefault !== false`).
// - `select`: exactly those ids (`ALL`: every transform, on by default or not).
// - `extend-select`: added to whatever `select` (or the default set) chose.
// - `ignore`: removed last.
// An explicitly empty `select` (`--select ""`, `select = []`) is a usage error: with `--write` it would
// otherwise mean "everything", including what the config left out.
import { TransformNotFoundError, UsageError } from '../core/errors.js';
import type { AnyTransform } from '../core/types.js';

export interface Selection {
  select?: readonly string[];
  extendSelect?: readonly string[];
  ignore?: readonly string[];
}

/** True for a transform that runs when nothing is selected. */
export function isEnabledByDefault(t: AnyTransform): boolean {
  return t.enabledByDefault !== false;
}

export function selectTransforms(all: readonly AnyTransform[], selection: Selection = {}): AnyTransform[] {
  const { select, extendSelect, ignore } = selection;
  const known = new Set(all.map((t) => t.id));
  for (const id of [...(select ?? []), ...(extendSelect ?? []), ...(ignore ?? [])]) {
    if (id !== 'ALL' && !known.has(id))
      throw new TransformNotFoundError(`unknown transform \`${id}\``, `known transforms: ${[...known].join(', ')} (see --list-transforms)`);
  }
  if (select && select.length === 0)
    throw new UsageError('the transform selection is empty', 'name at least one transform id, or `ALL`; leave `select` out for the default set');
  const wanted = new Set<string>();
  const add = (ids: readonly string[]) => {
    for (const id of ids) for (const t of all) if (id === 'ALL' || t.id === id) wanted.add(t.id);
  };
  if (select) add(select);
  else for (const t of all) if (isEnabledByDefault(t)) wanted.add(t.id);
  add(extendSelect ?? []);
  const dropped = new Set(ignore ?? []);
  return all.filter((t) => wanted.has(t.id) && !dropped.has(t.id));
}
