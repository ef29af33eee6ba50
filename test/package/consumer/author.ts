// What an author writes in TypeScript against the published package: type-checked with `strict`,
// `exactOptionalPropertyTypes` and without `skipLibCheck` (nor Node's or the DOM's types) by
// test/package.test.ts. Every type an author names must come from 'pycodemod' or 'pycodemod/testing'.
import {
  defineTransform, lineEndOf, lineStartOf, indentationAt, detectLineEnding, transformSource,
  type Edit, type Node, type PythonHelpers, type Query, type QueryCapture, type Skip, type Transform,
  type TransformContext, type Tree, type OptionValues, type ImportResult, type Reference, type RemoveImportResult,
  type RenameImportResult, type ImportOptions, type ImportTarget,
} from 'pycodemod';
import { defineFixtureTests, checkFixtureCase, readFixtureCases, type FixtureTestOptions, type TestApi } from 'pycodemod/testing';

const options = {
  'new-name': { type: 'string', default: 'get', description: 'the new function name' },
  strict: { type: 'boolean', default: false, description: 'refuse more' },
} as const;

function renameCall(ctx: TransformContext<OptionValues<typeof options>>, call: Node): Edit[] {
  const fn: Node | null = call.childForFieldName('function');
  if (!fn) return [];
  const line = ctx.source.slice(lineStartOf(ctx.source, fn.startIndex), lineEndOf(ctx.source, fn.startIndex));
  const indent: string = indentationAt(ctx.source, fn.startIndex) + ctx.python.indentUnit;
  void line, indent;
  const name: string = ctx.options['new-name'];
  return [{ start: fn.startIndex, end: fn.endIndex, text: name }];
}

export const transform: Transform<typeof options> = defineTransform({
  id: 'rename-fetch',
  description: 'fetch() -> get()',
  docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
  options,
  transform(ctx) {
    const tree: Tree = ctx.tree;
    const helpers: PythonHelpers = ctx.python;
    const query: Query = ctx.query('(call function: (identifier) @fn) @call');
    const captures: QueryCapture[] = query.captures(tree.rootNode);
    for (const { node, name } of captures) {
      if (name !== 'call') continue;
      if (helpers.qualifiedName(node.childForFieldName('function')!) !== 'old_api.fetch') continue;
      if (ctx.options.strict) ctx.skip(node, 'strict');
      else ctx.report({ node, message: 'renamed', fix: renameCall(ctx, node) });
    }
    void detectLineEnding(ctx.source);
    const at: ImportOptions = { at: ctx.root, alias: false };
    const imported: ImportResult = helpers.ensureFromImport('new_api', 'get', at);
    if (imported.ok) void imported.name.toUpperCase();
    else void imported.reason.toUpperCase();
    const uses: Reference[] = helpers.references('fetch').filter((r) => r.kind === 'read');
    const gone: RemoveImportResult = helpers.removeImport('old_api', undefined, { ignoring: uses.map((u) => u.node) });
    const target: ImportTarget = { module: 'old_api', name: 'fetch' };
    const moved: RenameImportResult = helpers.renameImport(target, { module: 'new_api', name: 'get' });
    const edits: Edit[] = [...gone.edits, ...(moved.ok ? moved.edits : [])];
    void edits, helpers.lineStartOf(0), helpers.lineEndOf(0), helpers.ensureImport('os').ok;
  },
});

export async function tryIt(): Promise<Skip[]> {
  const r = await transformSource('fetch(1)\n', { transforms: [transform] });
  return r.ok ? r.skips : [];
}

export function tests(api: TestApi): void {
  const opts: FixtureTestOptions = { test: api, python: false, transformOptions: { strict: true } };
  defineFixtureTests(transform, 'fixtures/rename-fetch', opts);
  defineFixtureTests(transform, { href: 'file:///tmp/fixtures/' });
}

export async function byHand(): Promise<string[]> {
  const outputs: string[] = [];
  for (const c of readFixtureCases('fixtures/rename-fetch')) outputs.push((await checkFixtureCase(transform, c, { dir: 'fixtures' })).output);
  return outputs;
}
