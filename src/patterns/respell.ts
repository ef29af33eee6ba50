// --qualified rewrites: the replacement names things by their qualified names (`datetime.timezone.utc`);
// each file gets them in its own spelling, through the imports it has (`dt.timezone.utc` after
// `import datetime as dt`, `timezone.utc` after `from datetime import timezone`), or through an import
// the rule adds. A name the file cannot refer to is a reason to leave the match alone, never a NameError.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../core/python/scope.js';
import type { ImportSpec } from './compile-rule.js';
import { importedAs } from './qualified.js';

// Python's builtins: the names an unbound identifier stands for.
const BUILTINS = new Set('ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'.split(' '));

export interface Respelled {
  text: string;
  /** The rule import this spelling relies on (to be added), if any. */
  needs?: ImportSpec;
}

/** The local name that means `qualified` at `node` through imports there (and nothing else), if any. */
export function localNameFor(scope: ScopeModel, qualified: string, node: Node): string | undefined {
  for (const s of scope.scopeChain(node)) {
    for (const [name, bindings] of s.bindings) {
      if (!bindings.some((b) => b.kind === 'import' && b.qualifiedName === qualified)) continue;
      if (importedAs(scope, name, node) === qualified) return name;
    }
  }
  return undefined;
}

/** What an import of the rule binds: local name and qualified name (`import a.b` binds `a` for `a`). */
function provided(spec: ImportSpec): { local: string; qualified: string } {
  if (spec.from !== undefined) return { local: spec.alias ?? spec.name, qualified: `${spec.from}.${spec.name}` };
  if (spec.alias) return { local: spec.alias, qualified: spec.module };
  const top = spec.module.split('.')[0]!;
  return { local: top, qualified: top };
}

export function respell(qualified: string, at: Node, scope: ScopeModel, imports: readonly ImportSpec[]): Respelled | { refused: string } {
  const parts = qualified.split('.');
  const prefixes = parts.map((_, i) => ({ prefix: parts.slice(0, parts.length - i).join('.'), rest: parts.slice(parts.length - i) }));
  // What the file already imports comes first (no new import), the longest name first.
  for (const { prefix, rest } of prefixes) {
    const local = localNameFor(scope, prefix, at);
    if (local) return { text: [local, ...rest].join('.') };
  }
  // Else an import the rule adds, when its name is free here.
  for (const { prefix, rest } of prefixes) {
    for (const spec of imports) {
      const p = provided(spec);
      if (p.qualified === prefix && scope.bindingSites(p.local, at).length === 0) return { text: [p.local, ...rest].join('.'), needs: spec };
    }
  }
  if (scope.bindingSites(parts[0]!, at).length === 0 && BUILTINS.has(parts[0]!) && !scope.hasWildcardImport()) return { text: qualified };
  return { refused: `the rewrite refers to \`${qualified}\`, which this file cannot name here (no import of it; add one to the rule's \`imports\`)` };
}
