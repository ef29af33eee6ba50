// Output the module itself captures: a print whose text the module (or its doctests) reads back must
// keep writing to the stream, or what it captures changes. Found from the text first.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../../src/core/python/scope.js';

export type Stream = 'stdout' | 'stderr';

export interface Capture {
  node: Node;
  /** `contextlib.redirect_stdout()`, `sys.stdout = ...`: for messages. */
  what: string;
}

const CAPTURE_TEXT = /redirect_std(?:out|err)|captured_(?:stdout|stderr|output)|\bstd(?:out|err)\b|\bcap(?:sys|fd)\b|\b(?:testmod|DocTestSuite|run_doctest|run_docstring_examples|testfile|DocFileSuite)\b/;

const CAPTURING_CALLS: Record<string, Stream[]> = {
  'contextlib.redirect_stdout': ['stdout'],
  'contextlib.redirect_stderr': ['stderr'],
  'test.support.captured_stdout': ['stdout'],
  'test.support.captured_stderr': ['stderr'],
  // captured_output("stdout") / ("stderr"): the argument says which (below).
  'test.support.captured_output': [],
};
// Running doctests compares what examples print with the text in the docstrings.
const DOCTEST_RUNNERS = new Set([
  'doctest.testmod', 'doctest.DocTestSuite', 'doctest.run_docstring_examples', 'doctest.testfile', 'doctest.DocFileSuite',
  'test.support.run_doctest',
]);

/**
 * The streams the module captures or replaces, each with the first place it does: redirect_stdout /
 * redirect_stderr, test.support's captured_* helpers, assigning or patching sys.stdout / sys.stderr
 * (`mock.patch("sys.stdout")`, `setattr(sys, "stdout", ...)`), pytest's capsys / capfd fixtures, and
 * running its own doctests (stdout).
 */
export function streamCaptures(source: string, root: Node, scope: ScopeModel): Map<Stream, Capture> {
  const found = new Map<Stream, Capture>();
  if (!CAPTURE_TEXT.test(source)) return found;
  const note = (streams: Stream[], node: Node, what: string) => {
    for (const s of streams) if (!found.has(s)) found.set(s, { node, what });
  };
  const words = /redirect_std(?:out|err)|captured_(?:stdout|stderr|output)|\bstd(?:out|err)\b|\bcap(?:sys|fd)\b|\b(?:testmod|DocTestSuite|run_doctest|run_docstring_examples|testfile|DocFileSuite)\b/g;
  const base = root.startIndex;
  for (const m of source.matchAll(words)) {
    const at = base + m.index!;
    const node = root.descendantForIndex(at, at + m[0].length);
    if (!node || node.startIndex !== at || node.endIndex !== at + m[0].length) continue;
    const word = m[0];
    if (node.type !== 'identifier') continue;
    const parent = node.parent;
    if (word === 'capsys' || word === 'capfd') {
      // A pytest fixture parameter: the test reads what was printed.
      if (parent?.type === 'parameters' || parent?.type === 'default_parameter' || parent?.type === 'typed_parameter') note(['stdout', 'stderr'], node, `pytest's \`${word}\` fixture`);
      continue;
    }
    if (word === 'stdout' || word === 'stderr') {
      if (parent?.type !== 'attribute' || parent.childForFieldName('attribute')?.id !== node.id) {
        // setattr(sys, "stdout", f) is matched through its string; a bare `stdout` name is not sys's.
        continue;
      }
      if (scope.qualifiedName(parent) !== `sys.${word}`) continue;
      if (isAssigned(parent)) note([word], parent, `\`sys.${word}\` assigned`);
      continue;
    }
    const callee = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent : node;
    const call = callee.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== callee.id) continue;
    const qualified = scope.qualifiedName(callee) ?? '';
    if (qualified in CAPTURING_CALLS) {
      let streams = CAPTURING_CALLS[qualified]!;
      if (qualified === 'test.support.captured_output') {
        const arg = call.childForFieldName('arguments')?.namedChild(0)?.text ?? '';
        streams = /stdout/.test(arg) ? ['stdout'] : /stderr/.test(arg) ? ['stderr'] : ['stdout', 'stderr'];
      }
      note(streams, call, `\`${word}()\``);
    } else if (DOCTEST_RUNNERS.has(qualified)) {
      note(['stdout'], call, `its doctests run by \`${word}()\``);
    }
  }
  // mock.patch("sys.stdout"), monkeypatch.setattr("sys.stderr", ...), patch.object(sys, "stdout"),
  // setattr(sys, "stdout", f): the stream named in a string.
  for (const m of source.matchAll(/["'](sys\.)?(std(?:out|err))["']/g)) {
    const at = base + m.index!;
    const start = root.descendantForIndex(at, at + 1);
    const string = start?.type === 'string_start' ? start.parent : null;
    if (!string || string.endIndex !== at + m[0].length) continue;
    const stream = m[2] as Stream;
    if (m[1]) {
      note([stream], string, `\`${string.text}\` patched`);
      continue;
    }
    const args = string.parent?.type === 'argument_list' ? string.parent : null;
    const withSys = args?.namedChildren.some((a) => a?.type === 'identifier' && scope.qualifiedName(a) === 'sys');
    if (withSys) note([stream], args!.parent!, `\`sys.${stream}\` replaced`);
  }
  return found;
}

/** `sys.stdout = x`, `saved, sys.stdout = sys.stdout, x`, `with ... as sys.stdout`. */
function isAssigned(target: Node): boolean {
  let child = target;
  for (let p = target.parent; p; child = p, p = p.parent) {
    if (p.type === 'assignment' || p.type === 'augmented_assignment') return p.childForFieldName('left')?.id === child.id;
    if (p.type === 'as_pattern_target') return true;
    if (!['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression'].includes(p.type)) return false;
  }
  return false;
}

/**
 * A doctest example in the docstring of a def around `call` (or of its class, or of the module) that
 * names that def and shows output: what the def prints is part of the documented example.
 */
export function doctestShowing(call: Node, root: Node): { node: Node; name: string } | undefined {
  if (!root.text.includes('>>>')) return undefined;
  const owners: Node[] = [];
  for (let n = call.parent; n; n = n.parent) if (n.type === 'function_definition' || n.type === 'class_definition') owners.push(n);
  const names = owners.map((o) => o.childForFieldName('name')?.text).filter((n): n is string => !!n);
  if (names.length === 0) return undefined;
  for (const holder of [...owners, root]) {
    const body = holder.type === 'module' ? holder : holder.childForFieldName('body');
    const first = body?.namedChildren.find((c) => c?.type !== 'comment');
    const doc = first?.type === 'expression_statement' && first.namedChild(0)?.type === 'string' ? first.namedChild(0)! : null;
    if (!doc || !doc.text.includes('>>>')) continue;
    const lines = doc.text.split(/\r\n|\n|\r/);
    for (let i = 0; i < lines.length; i++) {
      const example = /^\s*>>> (.*)$/.exec(lines[i]!);
      if (!example) continue;
      let j = i + 1;
      while (j < lines.length && /^\s*\.\.\.( |$)/.test(lines[j]!)) j++;
      const output = lines[j];
      if (output === undefined || /^\s*(>>>|$)/.test(output) || /^\s*"""|^\s*'''/.test(output)) continue;
      const source = lines.slice(i, j).join('\n');
      const name = names.find((n) => new RegExp(`\\b${n}\\b`).test(source));
      if (name) return { node: doc, name };
    }
  }
  return undefined;
}
