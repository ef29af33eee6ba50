// The example's fixture tests, written as an author writes them: pycodemod/testing runs every case in
// fixtures/datetime-utcnow (`npm test` runs them through test/examples.test.ts).
import { defineFixtureTests } from 'pycodemod/testing';
import datetimeUtcnow from './datetime-utcnow.js';

defineFixtureTests(datetimeUtcnow, new URL('./fixtures/datetime-utcnow/', import.meta.url), { requireFirstLineComment: true });
