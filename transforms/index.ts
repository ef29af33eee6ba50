// The registry of built-in transforms: one line each. This order is the order they run in a pass
// and the order `--list-transforms` shows, whatever order the user selects them in.
import type { AnyTransform } from '../src/core/types.js';
import { markBuiltIns } from '../src/core/built-in.js';
import mutableDefaults from './mutable-defaults/index.js';
import printToLogging from './print-to-logging/index.js';
import groupImports from './group-imports/index.js';
import bareExcept from './bare-except/index.js';
import raiseFrom from './raise-from/index.js';
import loggingFormat from './logging-format/index.js';
import openWith from './open-with/index.js';
import modernTyping from './modern-typing/index.js';
import futureAnnotations from './future-annotations/index.js';
import returnAnnotations from './return-annotations/index.js';

export const builtinTransforms: readonly AnyTransform[] = markBuiltIns([mutableDefaults, printToLogging, loggingFormat, bareExcept, raiseFrom, openWith, futureAnnotations, modernTyping, returnAnnotations, groupImports]);
