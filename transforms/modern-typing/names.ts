// Which typing names modern-typing rewrites, and into what. The tables follow Ruff's (crates/ruff_python_stdlib
// typing.rs: as_pep_585_generic; pyupgrade deprecated_import.rs: TYPING_TO_COLLECTIONS_ABC_39/_310), so that a
// file rewritten by both reads the same.

/** `Optional[X]` -> `X | None` (UP045), `Union[A, B]` -> `A | B` (UP007): the qualified names of both. */
export function unionOperator(qualified: string): 'optional' | 'union' | undefined {
  if (qualified === 'typing.Optional' || qualified === 'typing_extensions.Optional') return 'optional';
  if (qualified === 'typing.Union' || qualified === 'typing_extensions.Union') return 'union';
  return undefined;
}

/** A PEP 585 generic (UP006): the builtin, or the module and member that replaces the typing alias. */
export type Pep585Target = { builtin: string } | { module: string; member: string };

const PEP585: Readonly<Record<string, Pep585Target>> = {
  'typing.Dict': { builtin: 'dict' },
  'typing.FrozenSet': { builtin: 'frozenset' },
  'typing.List': { builtin: 'list' },
  'typing.Set': { builtin: 'set' },
  'typing.Tuple': { builtin: 'tuple' },
  'typing.Type': { builtin: 'type' },
  'typing_extensions.Type': { builtin: 'type' },
  'typing.Deque': { module: 'collections', member: 'deque' },
  'typing_extensions.Deque': { module: 'collections', member: 'deque' },
  'typing.DefaultDict': { module: 'collections', member: 'defaultdict' },
  'typing_extensions.DefaultDict': { module: 'collections', member: 'defaultdict' },
};

export function pep585Target(qualified: string): Pep585Target | undefined {
  return Object.hasOwn(PEP585, qualified) ? PEP585[qualified] : undefined;
}

/** Every name above as written after `typing.` (the words the text scan looks for). */
export const REWRITTEN_NAMES = ['Optional', 'Union', 'Dict', 'FrozenSet', 'List', 'Set', 'Tuple', 'Type', 'Deque', 'DefaultDict'];
/** The PEP 585 names alone: the only ones a target below Python 3.10 rewrites without the future import. */
export const PEP585_NAMES = ['Dict', 'FrozenSet', 'List', 'Set', 'Tuple', 'Type', 'Deque', 'DefaultDict'];

/** typing's aliases of collections.abc classes whose subscripts work at run time from Python 3.9 (UP035). */
const ABC_39 = new Set<string>([
  'AsyncGenerator', 'AsyncIterable', 'AsyncIterator', 'Awaitable', 'ByteString', 'Collection', 'Container', 'Coroutine',
  'Generator', 'Hashable', 'ItemsView', 'Iterable', 'Iterator', 'KeysView', 'Mapping', 'MappingView', 'MutableMapping',
  'MutableSequence', 'MutableSet', 'Reversible', 'Sequence', 'Sized', 'ValuesView',
]);

/** Every alias modern-typing may move to collections.abc, on some target. */
export const ABC_NAMES: readonly string[] = [...ABC_39, 'Callable'];

/**
 * True when `from typing import <name>` can become `from collections.abc import <name>` on `minor`:
 * `collections.abc.Callable[...]` only from 3.10 (3.9.0 and 3.9.1 flatten its arguments wrongly).
 */
export function movesToCollectionsAbc(name: string, minor: number): boolean {
  return minor >= 9 && (ABC_39.has(name) || (name === 'Callable' && minor >= 10));
}
