// Errors a user can act on. The CLI prints their message and hint (no stack) and exits with their code;
// anything else is a bug and gets a stack trace.

export abstract class PycodemodError extends Error {
  abstract readonly exitCode: number;
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** A bad flag or argument combination. */
export class UsageError extends PycodemodError {
  readonly exitCode = 2;
}

/** An unknown key or a bad value in a config file. */
export class ConfigError extends PycodemodError {
  readonly exitCode = 2;
}

export class TransformNotFoundError extends PycodemodError {
  readonly exitCode = 2;
}

/** The WASM grammar could not be loaded: the install is broken. */
export class ParserInitError extends PycodemodError {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message, 'reinstall with `npm install`; the grammar ships in the tree-sitter-python package');
  }
}

/** A plugin module that cannot be built or loaded, exports no valid transform, or reuses an id. */
export class PluginError extends PycodemodError {
  readonly exitCode = 2;
}
