// The example's fixture tests, written as an author writes them: pycodemod/testing runs every case in
// fixtures/rename-function (`npm test` runs them through test/examples.test.ts).
import { defineFixtureTests } from 'pycodemod/testing';
import renameFunction from './rename-function.js';

defineFixtureTests(renameFunction, new URL('./fixtures/rename-function/', import.meta.url), { requireFirstLineComment: true });
