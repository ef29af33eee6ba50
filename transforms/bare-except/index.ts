// Transform `bare-except`: `except:` names what it catches (E722). Off by default: with `Exception`
// it changes which exceptions the handler sees (KeyboardInterrupt, SystemExit and friends pass through).
import type { Node } from 'web-tree-sitter';
import { defineTransform, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { builtinAt } from '../../src/core/python/builtin-names.js';

const options = {
  catch: {
    type: 'string',
    default: 'Exception',
    choices: ['Exception', 'BaseException'],
    description:
      'The class to write: `Exception` (the rule: interrupts and exits pass through) or `BaseException` (changes nothing at run time, only names the intent)',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

export default defineTransform({
  id: 'bare-except',
  description: 'Name the class a bare `except:` catches: `except Exception:` (or `except BaseException:`)',
  enabledByDefault: false,
  docs: {
    whatItDoes:
      'Rewrites `except:` as `except Exception:` (option `catch = "BaseException"`: `except BaseException:`). A handler whose ' +
      'last statement is a bare `raise` (clean up, then let the exception go on) always gets `except BaseException:`: it ' +
      'must keep running on Ctrl-C too, and with `BaseException` nothing changes. Left alone and reported: a handler ' +
      'where `Exception` or `BaseException` is not the builtin (rebound in the module, or a wildcard import from outside ' +
      'the standard library may rebind it). Off by default: select it with `--extend-select bare-except`.',
    why:
      'A bare `except:` catches everything, including KeyboardInterrupt and SystemExit, so Ctrl-C and sys.exit() can be ' +
      'swallowed by code meant to handle errors (pycodestyle E722, pylint W0702).',
    example: {
      before: 'try:\n    value = int(text)\nexcept:\n    value = 0\n',
      after: 'try:\n    value = int(text)\nexcept Exception:\n    value = 0\n',
    },
    semantics:
      'With `except Exception:` (the default), exceptions that derive from BaseException but not from Exception are no ' +
      'longer caught by that handler and propagate instead: KeyboardInterrupt (Ctrl-C), SystemExit (sys.exit()), ' +
      'GeneratorExit (a generator being closed: it now closes instead of running the handler), asyncio.CancelledError ' +
      '(Python 3.8+: a cancelled task now stops instead of going on), a BaseExceptionGroup holding any of these, and any ' +
      'class of your own that derives from BaseException directly. Exceptions deriving from Exception are handled ' +
      'exactly as before. With `except BaseException:` (option `catch = "BaseException"`, and for handlers ending in a ' +
      'bare `raise`) nothing changes at run time.',
  },
  options,
  transform(ctx) {
    if (!ctx.source.includes('except')) return;
    for (const clause of bareExceptClauses(ctx)) rewrite(ctx, clause);
  },
});

/** `except:` clauses, found from the text: the keyword directly followed by its colon. */
function bareExceptClauses(ctx: Ctx): { clause: Node; keyword: Node; colon: Node }[] {
  const found: { clause: Node; keyword: Node; colon: Node }[] = [];
  for (const m of ctx.source.matchAll(/(?<![\w.])except[ \t]*:/g)) {
    const at = m.index;
    const keyword = ctx.root.descendantForIndex(at, at + 6);
    const clause = keyword?.parent;
    // Not in a string or a comment: the token `except` of an except clause with no class.
    if (keyword?.type !== 'except' || clause?.type !== 'except_clause' || clause.childForFieldName('value')) continue;
    const colon = keyword.nextSibling;
    if (colon?.type !== ':') continue;
    found.push({ clause, keyword, colon });
  }
  return found;
}

function rewrite(ctx: Ctx, { clause, keyword, colon }: { clause: Node; keyword: Node; colon: Node }): void {
  const reraises = endsWithBareRaise(clause);
  const name = reraises ? 'BaseException' : ctx.options.catch;
  const check = builtinAt(ctx.python.scope, name, clause, ctx.settings.targetVersion);
  if (!check.builtin) {
    ctx.skip(clause, `bare except: ${check.reason}; not rewritten`);
    return;
  }
  ctx.report({
    node: clause,
    message: reraises ? `bare except that re-raises -> except ${name}:` : `bare except -> except ${name}:`,
    fix: [{ start: keyword.endIndex, end: colon.startIndex, text: ` ${name}` }],
  });
}

/** The handler's last statement is a bare `raise`: it cleans up and lets every exception go on. */
function endsWithBareRaise(clause: Node): boolean {
  const block = clause.namedChildren.find((c) => c?.type === 'block');
  const statements = block?.namedChildren.filter((c) => c && c.type !== 'comment') ?? [];
  const last = statements[statements.length - 1];
  return last?.type === 'raise_statement' && last.namedChildren.every((c) => c?.type === 'comment');
}
