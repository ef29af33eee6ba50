// What a function's body returns: its `return` and `yield` statements (not those of the functions, lambdas and
// classes nested in it; found from the text, once per module) and whether control can reach the end of the body. "Can
// reach the end" errs on the side of "no" only where that is certain to be right (a `raise`, a call that exits
// the process, `while True:` without `break`); a `with` block can always be left at its end (a context manager
// may suppress the exception that ended the body).
import type { Node } from 'web-tree-sitter';

export type ScalarType = 'bool' | 'int' | 'float' | 'str' | 'bytes' | 'complex';

export interface BodyFacts {
  /** Each `return`: `none` (bare, or `return None`), a literal's type, or `other`. */
  returns: { node: Node; value: ScalarType | 'none' | 'other' }[];
  yields: boolean;
  /** Control can reach the end of the body (an implicit `return None`). */
  completes: boolean;
}

const NESTED = new Set(['function_definition', 'lambda', 'class_definition']);

/** Calls that never return: they end the process or the test. */
const EXITS = new Set([
  'sys.exit', 'os._exit', 'os.abort', 'exit', 'quit', 'builtins.exit', 'builtins.quit', 'os.execv', 'os.execve', 'os.execvp', 'os.execvpe',
  'os.execl', 'os.execle', 'os.execlp', 'os.execlpe', 'pytest.fail', 'pytest.skip', 'pytest.exit', 'pytest.xfail', 'typing.assert_never',
  'typing_extensions.assert_never',
]);
/** The last part of an EXITS name, to ask for a qualified name only where the text can be one. */
const EXIT_TAIL = /(?:^|\.)\s*(?:exit|quit|_exit|abort|exec[lv]p?e?|fail|skip|xfail|assert_never)$/;

/**
 * Every function's `return` and `yield`, found from the text (the keywords) rather than by walking every
 * function's body: one pass over the module, each keyword mapped to the function it belongs to.
 */
export class ReturnIndex {
  private readonly byFunction = new Map<number, { returns: BodyFacts['returns']; yields: boolean }>();

  constructor(root: Node, source: string) {
    if (!/\b(return|yield)\b/.test(source)) return;
    for (const m of source.matchAll(/\b(return|yield)\b/g)) {
      const keyword = root.descendantForIndex(m.index, m.index + m[0].length);
      if (!keyword || keyword.startIndex !== m.index || keyword.type !== m[1]) continue; // in a string or a comment
      const statement = m[1] === 'return' ? keyword.parent : keyword.isNamed ? keyword : keyword.parent;
      if (!statement || statement.type !== (m[1] === 'return' ? 'return_statement' : 'yield')) continue;
      let owner: Node | null = statement.parent;
      while (owner && !NESTED.has(owner.type)) owner = owner.parent;
      if (owner?.type !== 'function_definition') continue; // a lambda's yield, or not in a function
      let entry = this.byFunction.get(owner.id);
      if (!entry) this.byFunction.set(owner.id, (entry = { returns: [], yields: false }));
      if (m[1] === 'yield') entry.yields = true;
      else {
        const value = statement.namedChildren.find((c) => c && c.type !== 'comment');
        entry.returns.push({ node: statement, value: value ? literalType(value) : 'none' });
      }
    }
  }

  of(func: Node): { returns: BodyFacts['returns']; yields: boolean } {
    return this.byFunction.get(func.id) ?? { returns: [], yields: false };
  }
}

/** What function `func` returns (`index`: the module's returns and yields) and whether it can fall off its end. */
export function bodyFacts(func: Node, index: ReturnIndex, qualifiedName: (expr: Node) => string | undefined): BodyFacts {
  const { returns, yields } = index.of(func);
  return { returns, yields, completes: canFallOffEnd(func, qualifiedName) };
}

/** Whether control can run past the last statement of `func`'s body (an implicit `return None`). */
export function canFallOffEnd(func: Node, qualifiedName: (expr: Node) => string | undefined): boolean {
  const body = func.childForFieldName('body');
  return !body || blockCompletes(body, qualifiedName);
}

/** The type of a literal return value, `none` for None, `other` for anything else. */
export function literalType(node: Node): ScalarType | 'none' | 'other' {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
  switch (n.type) {
    case 'none':
      return 'none';
    case 'true':
    case 'false':
      return 'bool';
    case 'integer':
      return /[jJ]$/.test(n.text) ? 'complex' : 'int';
    case 'float':
      return /[jJ]$/.test(n.text) ? 'complex' : 'float';
    case 'string':
      return stringType(n);
    case 'concatenated_string': {
      const kinds = new Set(n.namedChildren.filter((c): c is Node => c?.type === 'string').map(stringType));
      return kinds.size === 1 ? [...kinds][0]! : 'other';
    }
    case 'unary_operator': {
      const op = n.child(0)?.text;
      const arg = n.childForFieldName('argument');
      const inner = arg ? literalType(arg) : 'other';
      return (op === '-' || op === '+') && (inner === 'int' || inner === 'float' || inner === 'complex') ? inner : 'other';
    }
    default:
      return 'other';
  }
}

function stringType(s: Node): 'str' | 'bytes' {
  const prefix = s.namedChild(0)?.type === 'string_start' ? s.namedChild(0)!.text : '';
  return /b/i.test(prefix) ? 'bytes' : 'str';
}

/** Whether control can run past the end of this block. */
function blockCompletes(block: Node, qn: (expr: Node) => string | undefined): boolean {
  for (const stmt of block.namedChildren) {
    if (!stmt || stmt.type === 'comment') continue;
    if (!statementCompletes(stmt, qn)) return false;
  }
  return true;
}

function statementCompletes(stmt: Node, qn: (expr: Node) => string | undefined): boolean {
  switch (stmt.type) {
    case 'raise_statement':
    case 'return_statement':
    case 'continue_statement':
    case 'break_statement':
      return false;
    case 'expression_statement': {
      const e = stmt.namedChild(0);
      if (e?.type !== 'call') return true;
      const fn = e.childForFieldName('function');
      const name = fn && (fn.type === 'identifier' || fn.type === 'attribute') && EXIT_TAIL.test(fn.text) ? qn(fn) : undefined;
      return !(name && EXITS.has(name));
    }
    case 'assert_statement': {
      const test = stmt.namedChild(0);
      return !(test && (test.type === 'false' || (test.type === 'integer' && Number(test.text) === 0)));
    }
    case 'if_statement': {
      const consequence = stmt.childForFieldName('consequence');
      if (consequence && blockCompletes(consequence, qn)) return true;
      const alternatives = stmt.childrenForFieldName('alternative').filter((c): c is Node => !!c);
      if (!alternatives.some((a) => a.type === 'else_clause')) return true;
      return alternatives.some((a) => {
        const body = a.childForFieldName('consequence') ?? a.childForFieldName('body');
        return !body || blockCompletes(body, qn);
      });
    }
    // A loop is left past its end by a `break`, or by running out, which runs its `else:` block first
    // (`while True:` never runs out).
    case 'while_statement':
    case 'for_statement': {
      const condition = stmt.type === 'while_statement' ? stmt.childForFieldName('condition') : null;
      const forever = condition?.type === 'true' || (condition?.type === 'integer' && Number(condition.text) !== 0);
      const orelse = stmt.childForFieldName('alternative')?.childForFieldName('body');
      if (!forever && (!orelse || blockCompletes(orelse, qn))) return true;
      return breaksOut(stmt.childForFieldName('body'));
    }
    case 'try_statement': {
      const clauses = stmt.namedChildren.filter((c): c is Node => !!c);
      const body = stmt.childForFieldName('body');
      const orelse = clauses.find((c) => c.type === 'else_clause');
      const final = clauses.find((c) => c.type === 'finally_clause');
      const handlers = clauses.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
      const blockOf = (c: Node) => c.namedChildren.find((x) => x?.type === 'block') ?? null;
      const main = !!body && blockCompletes(body, qn) && (!orelse || !blockOf(orelse) || blockCompletes(blockOf(orelse)!, qn));
      const handled = handlers.some((h) => !blockOf(h) || blockCompletes(blockOf(h)!, qn));
      const finalBlock = final ? blockOf(final) : null;
      return (main || handled) && (!finalBlock || blockCompletes(finalBlock, qn));
    }
    // A context manager may swallow the exception that ended its body (`contextlib.suppress`, any `__exit__`
    // returning true): control can then run on after the block, whatever the body does.
    case 'with_statement':
      return true;
    case 'match_statement': {
      const cases = (stmt.childForFieldName('body')?.namedChildren ?? []).filter((c): c is Node => c?.type === 'case_clause');
      const irrefutable = cases.some((c) => {
        const patterns = c.namedChildren.filter((p) => p?.type === 'case_pattern');
        return !c.childForFieldName('guard') && patterns.length === 1 && /^[_a-zA-Z]\w*$/.test(patterns[0]!.text);
      });
      if (!irrefutable) return true;
      return cases.some((c) => {
        const body = c.childForFieldName('consequence');
        return !body || blockCompletes(body, qn);
      });
    }
    default:
      return true;
  }
}

/** A `break` of this loop (not of a loop nested in it). */
function breaksOut(body: Node | null): boolean {
  if (!body || !/\bbreak\b/.test(body.text)) return false;
  const visit = (n: Node): boolean =>
    n.namedChildren.some((c) => {
      if (!c || NESTED.has(c.type) || c.type === 'for_statement' || c.type === 'while_statement') {
        // A nested loop's `else:` still belongs to this loop.
        const orelse = c && (c.type === 'for_statement' || c.type === 'while_statement') ? c.childForFieldName('alternative') : null;
        return !!orelse && visit(orelse);
      }
      return c.type === 'break_statement' || visit(c);
    });
  return visit(body);
}
