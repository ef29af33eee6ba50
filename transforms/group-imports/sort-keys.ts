// The sorting keys live in the core (src/core/python/imports.ts), where the import requests of other
// transforms (`ensureImport`) use them to land at the place group-imports would sort them to.
export { compareMembers, compareModules, memberType, natCompare, MemberType } from '../../src/core/python/imports.js';
export type { MemberKeyInput, ModuleKeyInput } from '../../src/core/python/imports.js';
