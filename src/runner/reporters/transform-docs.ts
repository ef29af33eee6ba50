// --list-transforms and --explain ID.
import { TransformNotFoundError } from '../../core/errors.js';
import type { AnyTransform, OptionSpec } from '../../core/types.js';
import { isEnabledByDefault } from '../select.js';

/** The plugin file a transform came from (undefined: a built-in). */
export type OriginOf = (t: AnyTransform) => string | undefined;

export function listTransforms(transforms: readonly AnyTransform[], originOf: OriginOf = () => undefined): string {
  const width = Math.max(...transforms.map((t) => t.id.length));
  // Off-by-default transforms are marked: they run only when selected. Plugins name their file.
  const line = (t: AnyTransform) => {
    const from = originOf(t);
    return `${t.id.padEnd(width)}  ${isEnabledByDefault(t) ? '  ' : '- '}${t.description}${from ? ` (plugin: ${from})` : ''}\n`;
  };
  return transforms.map(line).join('') +
    (transforms.some((t) => !isEnabledByDefault(t)) ? '\n- off by default: runs only when selected (--select, --extend-select, ALL)\n' : '');
}

export function describeTransform(transforms: readonly AnyTransform[], id: string, originOf: OriginOf = () => undefined): string {
  const t = transforms.find((x) => x.id === id);
  if (!t) throw new TransformNotFoundError(`unknown transform \`${id}\``, `known transforms: ${transforms.map((x) => x.id).join(', ')}`);
  const indent = (s: string) => s.replace(/\r?\n$/, '').split('\n').map((l) => (l ? `    ${l}` : '')).join('\n');
  const options = Object.entries((t.options ?? {}) as Record<string, OptionSpec>);
  const from = originOf(t);
  const lines = [`# ${t.id}`, '', t.description, ''];
  if (from) lines.push(`Plugin: ${from}`, '');
  lines.push(isEnabledByDefault(t) ? 'On by default.' : 'Off by default: runs only when selected (`--select`, `--extend-select`, `ALL`).');
  // A plugin may leave out its docs, or parts of them: print what there is.
  const docs = t.docs as Partial<AnyTransform['docs']> | undefined;
  if (docs?.whatItDoes) lines.push('', '## What it does', docs.whatItDoes);
  if (docs?.why) lines.push('', '## Why', docs.why);
  if (docs?.example && (docs.example.before || docs.example.after))
    lines.push('', '## Example', 'Before:', indent(docs.example.before), 'After:', indent(docs.example.after));
  if (docs?.semantics) lines.push('', '## What the rewrite can change', docs.semantics);
  if (!docs) lines.push('', '(This transform has no further documentation: its module declares no `docs`.)');
  if (options.length) {
    lines.push('', `## Options ([tool.pycodemod.${t.id}])`);
    for (const [key, spec] of options)
      lines.push(`- ${key} (${spec.type}, default ${JSON.stringify(spec.default)}${spec.choices ? `; one of ${spec.choices.join(', ')}` : ''}): ${spec.description ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
