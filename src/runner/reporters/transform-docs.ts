// --list-transforms and --explain ID.
import { TransformNotFoundError } from '../../core/errors.js';
import type { AnyTransform, OptionSpec } from '../../core/types.js';

export function listTransforms(transforms: readonly AnyTransform[]): string {
  const width = Math.max(...transforms.map((t) => t.id.length));
  return transforms.map((t) => `${t.id.padEnd(width)}  ${t.description}\n`).join('');
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
