// File sizes as users write them: a number of bytes, or a number with a unit (`500KB`, `10 MB`, `1.5MiB`).

const UNITS: Record<string, number> = { b: 1, byte: 1, bytes: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };

/** Bytes, or undefined when `value` is not a size (a negative number, an unknown unit, a fraction of a byte). */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Number(m[1]) * unit;
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** `10 MB`, `740 kB`, `512 bytes`: decimal units, as the limit's default is written. */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1e6) return `${trim(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${trim(bytes / 1e3)} kB`;
  return `${bytes} bytes`;
}

const trim = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
