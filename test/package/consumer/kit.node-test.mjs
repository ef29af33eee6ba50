// The kit under node:test, with no vitest anywhere: describe/it are passed in.
import { describe, it } from 'node:test';
import { defineFixtureTests } from 'pycodemod/testing';
import upperTodo from './upper-todo.mjs';

const folder = process.env.FIXTURE_FOLDER ?? 'upper-todo';
defineFixtureTests(upperTodo, new URL(`./fixtures/${folder}/`, import.meta.url), { test: { describe, it } });
