// The diff per changed region against the whole-text diff, on real rewrites: every corpus file the default
// transforms change is diffed both ways (src/core/diff.ts with the engine's regions, and the `diff`
// package's structuredPatch over the whole texts); the hunks must be identical.
// `npx tsx test/corpus/diff-per-region-check.ts [CORPUS]`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import { diffHunks } from '../../src/core/diff.js';
import { runEngine } from '../../src/core/engine.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { defaultSettings } from '../../src/core/settings.js';
import { decodePythonSource } from '../../src/runner/read-source.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonFiles } from './corpus-files.js';

const corpus = process.argv[2] ?? join(process.env.TMPDIR ?? '/tmp', 'pycodemod-corpus');

async function main(): Promise<void> {
  const parser = await loadPythonParser();
  const transforms = builtinTransforms.filter((t) => t.enabledByDefault !== false);
  let changed = 0;
  let hunks = 0;
  let regionMs = 0;
  let wholeMs = 0;
  const different: string[] = [];
  for (const path of pythonFiles(corpus)) {
    const decoded = decodePythonSource(readFileSync(path));
    if (!decoded.ok) continue;
    const outcome = runEngine({ path, source: decoded.text, transforms, settings: defaultSettings(corpus), parser });
    if (outcome.kind !== 'ok' || outcome.output === decoded.text) continue;
    changed++;
    let t = performance.now();
    const perRegion = diffHunks(decoded.text, outcome.output, outcome.changes);
    regionMs += performance.now() - t;
    t = performance.now();
    const whole = structuredPatch('', '', decoded.text, outcome.output, '', '', { context: 3 }).hunks;
    wholeMs += performance.now() - t;
    hunks += whole.length;
    if (JSON.stringify(perRegion) !== JSON.stringify(whole)) different.push(path);
  }
  console.log(`${changed} files changed, ${hunks} hunks; per region ${regionMs.toFixed(0)} ms, whole text ${wholeMs.toFixed(0)} ms`);
  if (different.length) {
    console.log(`FAILED: ${different.length} file(s) diff differently:`);
    for (const p of different.slice(0, 20)) console.log(`  ${p}`);
    process.exitCode = 1;
  } else console.log('diff per region: identical to the whole-text diff on every file');
}

void main();
