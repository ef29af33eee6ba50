// An upgrade codemod written with pycodemod's public API only, as a team would write its own:
// `datetime.utcnow()` (deprecated since Python 3.12) -> `datetime.now(timezone.utc)`, and
// `datetime.utcfromtimestamp(t)` -> `datetime.fromtimestamp(t, timezone.utc)`.
//
//   npx pycodemod -t examples/codemods/datetime-utcnow.ts src/
import { defineTransform, type Edit, type Node } from 'pycodemod';

const MENTIONED = /\butc(?:now|fromtimestamp)\b/;

/** The deprecated constructors, and what replaces them. */
const REPLACEMENTS: Record<string, { method: string; args: number }> = {
  utcnow: { method: 'now', args: 0 },
  utcfromtimestamp: { method: 'fromtimestamp', args: 1 },
};

export default defineTransform({
  id: 'datetime-utcnow',
  description: 'Replace datetime.utcnow() and utcfromtimestamp() by their timezone-aware forms',
  docs: {
    whatItDoes:
      '`datetime.utcnow()` becomes `datetime.now(timezone.utc)` and `datetime.utcfromtimestamp(t)` becomes ' +
      '`datetime.fromtimestamp(t, timezone.utc)`, however `datetime` was imported (`import datetime`, ' +
      '`import datetime as dt`, `from datetime import datetime [as d]`). `timezone` is imported when needed, ' +
      'or reached through the module import already there (`datetime.timezone.utc`), never by rebinding a ' +
      'name that means something else.',
    why:
      'Both are deprecated since Python 3.12: they return naive datetimes that many APIs then take for local ' +
      'time. An aware datetime says which time it is.',
    example: {
      before: 'from datetime import datetime\n\nstarted = datetime.utcnow()\n',
      after: 'from datetime import datetime, timezone\n\nstarted = datetime.now(timezone.utc)\n',
    },
    semantics:
      'BEHAVIOUR CHANGE: `utcnow()` returns a naive datetime (tzinfo None) and `now(timezone.utc)` an aware one ' +
      '(tzinfo UTC), with the same wall-clock time. Comparing or subtracting it with naive datetimes now raises ' +
      "TypeError; `isoformat()` and `str()` gain `+00:00`; `.timestamp()` becomes correct where it was off by " +
      'the local UTC offset; JSON, database and pickle round-trips may differ. With `naive = true` the rewrite ' +
      'keeps naive values (`datetime.now(timezone.utc).replace(tzinfo=None)`) and behaviour is unchanged. ' +
      'Uses that are not calls (`default_factory=datetime.utcnow`) and calls with unexpected arguments are ' +
      'reported, not rewritten.',
  },
  options: {
    naive: {
      type: 'boolean',
      default: false,
      description: 'Keep naive datetimes: append `.replace(tzinfo=None)` so that behaviour does not change',
    },
  },
  // Text first: most files never mention these names. Saying so lets pycodemod skip parsing them when no
  // other selected transform needs them either.
  mayApply: (source) => MENTIONED.test(source),
  transform(ctx) {
    if (!MENTIONED.test(ctx.source)) return;
    const query = ctx.query('(attribute attribute: (identifier) @method) @attribute');
    for (const { name, node } of query.captures(ctx.root)) {
      if (name !== 'attribute') continue;
      const method = node.childForFieldName('attribute')!;
      const replacement = REPLACEMENTS[method.text];
      if (!replacement) continue;
      // `dt.utcnow` is datetime.datetime.utcnow only when `dt` was imported as it (an unbound name, maybe
      // from a star import, is not known to be anything).
      if (ctx.python.qualifiedName(node) !== `datetime.datetime.${method.text}`) continue;
      let head = node;
      while (head.type === 'attribute') head = head.childForFieldName('object')!;
      if (ctx.python.scope.resolve(head.text, head)?.kind !== 'import') continue;
      const call = node.parent;
      if (call?.type !== 'call' || call.childForFieldName('function')?.id !== node.id) {
        ctx.skip(node, `\`${node.text}\` is used as a value, not called: replace it by hand (e.g. \`lambda: datetime.now(timezone.utc)\`)`);
        continue;
      }
      const args = call.childForFieldName('arguments')!;
      const given = args.namedChildren.filter((a) => a !== null);
      if (given.length !== replacement.args || !given.every(isPlainExpression)) {
        ctx.skip(call, `\`${method.text}\` called with unexpected arguments: left alone`);
        continue;
      }
      const timezone = ctx.python.ensureFromImport('datetime', 'timezone', { at: call });
      if (!timezone.ok) {
        ctx.skip(call, timezone.reason);
        continue;
      }
      const utc = `${timezone.name}.utc`;
      const newArgs = given.length === 0 ? `(${utc})` : `(${given[0]!.text}, ${utc})`;
      const edits: Edit[] = [
        ...timezone.edits,
        { start: method.startIndex, end: method.endIndex, text: replacement.method },
        { start: args.startIndex, end: args.endIndex, text: newArgs },
      ];
      if (ctx.options.naive) edits.push({ start: call.endIndex, end: call.endIndex, text: '.replace(tzinfo=None)' });
      ctx.report({ node: call, message: `${node.text}() -> ${replacement.method}(..., ${utc})`, fix: edits });
    }
  },
});

/** An argument we can move as is: any expression but a keyword, a splat or a comment. */
function isPlainExpression(arg: Node): boolean {
  return !['keyword_argument', 'list_splat', 'dictionary_splat', 'comment', 'parenthesized_list_splat'].includes(arg.type);
}
