// Which test runner's describe/it to register the fixture tests with. pycodemod does not depend on vitest:
// it is imported only when the code already runs inside vitest (which sets VITEST in its workers), so a
// jest, mocha or node:test user never loads it.

/** The two functions of a test runner the kit needs (vitest, jest, mocha and node:test all have them). */
export interface TestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void): unknown;
}

async function vitestApi(): Promise<TestApi | undefined> {
  if (!process.env.VITEST) return undefined;
  try {
    const specifier = 'vitest';
    const v = (await import(specifier)) as TestApi;
    return { describe: v.describe, it: v.it };
  } catch {
    return undefined;
  }
}

// Resolved once, when pycodemod/testing is first imported (top-level await), so that
// defineFixtureTests can register tests synchronously, as test runners require.
const fromVitest = await vitestApi();

/** The runner to use: the one given, else vitest (when running under it), else the globals (jest, mocha). */
export function resolveTestApi(given: TestApi | undefined): TestApi {
  if (given) return given;
  if (fromVitest) return fromVitest;
  const g = globalThis as { describe?: TestApi['describe']; it?: TestApi['it'] };
  if (typeof g.describe === 'function' && typeof g.it === 'function') return { describe: g.describe, it: g.it };
  throw new Error(
    'defineFixtureTests: no test runner found. Run it under vitest, or with global describe/it (jest, mocha), ' +
      "or pass them: defineFixtureTests(t, dir, { test: { describe, it } }) (e.g. from 'node:test').",
  );
}
