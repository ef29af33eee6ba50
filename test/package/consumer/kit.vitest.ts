// The kit under vitest, found on its own (copied as kit.test.ts into the consumer project).
import { defineFixtureTests } from 'pycodemod/testing';
import upperTodo from './upper-todo.mjs';

defineFixtureTests(upperTodo, new URL('./fixtures/upper-todo/', import.meta.url));
