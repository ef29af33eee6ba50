// Reasons for leaving code alone name the code they are about (`f` is rebound ... (line 42)). Reports group
// them by their kind, the reason with its particulars taken out, so that 99 "the module captures or
// replaces stdout (`sys.stdout` assigned, line 782)" are one row with 99 places, not 30 rows.

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'print', 'open',
]);

/**
 * The reason with line numbers as `line N` and, inside code spans, names other than keywords, dunders and
 * the builtins the reasons are about as `…`: "`raise err`: `err` may hold ..." becomes "`raise …`: `…` may hold ...".
 */
export function reasonKind(reason: string): string {
  return reason
    .replace(/\blines? \d+(?:\s*[-–]\s*\d+)?/g, 'line N')
    .replace(/`[^`\n]*`/g, (span) =>
      // A keyword argument's name (`end=`) is what the reason is about: kept.
      span.replace(/"[^"]*"|'[^']*'|[A-Za-z_][\w.]*(=(?!=))?/g, (word, keyword) => (keyword || /^["']/.test(word) || KEYWORDS.has(word) || /^__\w+__$/.test(word) ? word : '…')),
    );
}
