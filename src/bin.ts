#!/usr/bin/env node
import { tuneJitForShortRuns } from './jit-tuning.js';

// Before the CLI's modules load (hence the dynamic import): see jit-tuning.ts.
tuneJitForShortRuns();
const { cli } = await import('./cli.js');
await cli();
