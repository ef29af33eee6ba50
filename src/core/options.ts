// Transform options: defaults from the transform's spec, values validated against it.
import type { AnyTransform, OptionSpec } from './types.js';
import { ConfigError } from './errors.js';

export function resolveOptions(transform: AnyTransform, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(transform.options as Record<string, OptionSpec>)) {
    values[key] = given && key in given ? given[key] : spec.default;
  }
  return values;
}

/** Checks a user's option table for one transform; `where` names the file/table for the message. */
export function validateOptions(transform: AnyTransform, given: Record<string, unknown>, where: string): Record<string, unknown> {
  const specs = transform.options as Record<string, OptionSpec>;
  for (const [key, value] of Object.entries(given)) {
    const spec = specs[key];
    if (!spec) {
      const known = Object.keys(specs);
      throw new ConfigError(
        `unknown option \`${key}\` for transform \`${transform.id}\` in ${where}`,
        known.length ? `known options: ${known.join(', ')}` : `${transform.id} takes no options`,
      );
    }
    const ok =
      spec.type === 'string[]'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : typeof value === spec.type;
    if (!ok) throw new ConfigError(`option \`${key}\` of \`${transform.id}\` in ${where} must be a ${spec.type}, got ${JSON.stringify(value)}`);
    if (spec.choices && !spec.choices.includes(value as string))
      throw new ConfigError(`option \`${key}\` of \`${transform.id}\` in ${where} must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return given;
}
