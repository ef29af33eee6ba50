// What a name in the source refers to, for --qualified matching and respelling, decided conservatively:
// a name is `datetime.datetime` only when every place that can bind it in its scope imports exactly that
// (a `global` rebinding in some function, a `del`, a `match` capture, an assignment anywhere in the scope
// all make it unknown), and an unbound name is a builtin only when no wildcard import could bind it.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../core/python/scope.js';
import { unparenthesized } from './pattern.js';

// Python's builtins: the names an unbound identifier stands for.
export const BUILTINS = new Set('ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'.split(' '));

/** `dt.datetime.utcnow` -> `datetime.datetime.utcnow` after `import datetime as dt`; undefined when unsure. */
export function strictQualifiedName(scope: ScopeModel, expr: Node): string | undefined {
  if (expr.type === 'identifier') return importedAs(scope, expr.text, expr) ?? (unbound(scope, expr.text, expr) ? expr.text : undefined);
  if (expr.type === 'attribute') {
    const object = expr.childForFieldName('object');
    const attr = expr.childForFieldName('attribute');
    if (!object || !attr) return undefined;
    const base = strictQualifiedName(scope, unparenthesized(object));
    return base === undefined ? undefined : `${base}.${attr.text}`;
  }
  return undefined;
}

/** The qualified name every binding of `name` at `node` imports, if they all import the same one. */
export function importedAs(scope: ScopeModel, name: string, node: Node): string | undefined {
  const sites = scope.bindingSites(name, node);
  if (sites.length === 0) return undefined;
  const first = sites[0]!;
  if (first.kind !== 'import' || first.qualifiedName === undefined) return undefined;
  return sites.every((b) => b.kind === 'import' && b.qualifiedName === first.qualifiedName) ? first.qualifiedName : undefined;
}

/** An unbound name means the builtin of that name (a module name nothing imports means nothing). */
function unbound(scope: ScopeModel, name: string, node: Node): boolean {
  return BUILTINS.has(name) && scope.bindingSites(name, node).length === 0 && !scope.hasWildcardImport();
}
