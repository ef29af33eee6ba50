// --list-transforms and --explain ID.
import { TransformNotFoundError } from '../../core/errors.js';
import type { AnyTransform, OptionSpec } from '../../core/types.js';
import { isEnabledByDefault } from '../select.js';

export function listTransforms(transforms: readonly AnyTransform[]): string {
  const width = Math.max(...transforms.map((t) => t.id.length));
  // Off-by-default transforms are marked: they run only when selected.
  return transforms.map((t) => `${t.id.padEnd(width)}  ${isEnabledByDefault(t) ? '  ' : '- '}${t.description}\n`).join('') +
    (transforms.some((t) => !isEnabledByDefault(t)) ? '\n- off by default: runs only when selected (--select, --extend-select, ALL)\n' : '');
}

export function describeTransform(transforms: readonly AnyTransform[], id: string): string {
  const t = transforms.find((x) => x.id === id);
  if (!t) throw new TransformNotFoundError(`unknown transform \`${id}\``, `known transforms: ${transforms.map((x) => x.id).join(', ')}`);
  const indent = (s: string) => s.replace(/\r?\n$/, '').split('\n').map((l) => (l ? `    ${l}` : '')).join('\n');
  const options = Object.entries(t.options as Record<string, OptionSpec>);
  const lines = [
    `# ${t.id}`,
    '',
    t.description,
    '',
    isEnabledByDefault(t) ? 'On by default.' : 'Off by default: runs only when selected (`--select`, `--extend-select`, `ALL`).',
    '',
    '## What it does',
    t.docs.whatItDoes,
    '',
    '## Why',
    t.docs.why,
    '',
    '## Example',
    'Before:',
    indent(t.docs.example.before),
    'After:',
    indent(t.docs.example.after),
    '',
    '## What the rewrite can change',
    t.docs.semantics,
  ];
  if (options.length) {
    lines.push('', `## Options ([tool.pycodemod.${t.id}])`);
    for (const [key, spec] of options)
      lines.push(`- ${key} (${spec.type}, default ${JSON.stringify(spec.default)}${spec.choices ? `; one of ${spec.choices.join(', ')}` : ''}): ${spec.description}`);
  }
  return `${lines.join('\n')}\n`;
}
