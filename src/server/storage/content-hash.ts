import { hash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so the same record always serialises to the same text. */
export function canonicalJson(value: unknown): string {
  // Written out directly (hashing is on every pushed record); for anything but plain JSON data, or keys
  // that JSON.stringify would reorder (array indices), the general form below gives the same text.
  return writeCanonical(value) ?? JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/** The text of JSON.stringify(sortKeys(value)) for plain JSON data, or undefined when the value is not that. */
function writeCanonical(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const written = item === undefined ? 'null' : writeCanonical(item);
      if (written === undefined) return undefined;
      text += i === 0 ? written : `,${written}`;
    }
    return `${text}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    if (ARRAY_INDEX.test(key)) return undefined;
    const item = record[key];
    if (item === undefined) continue;
    const written = writeCanonical(item);
    if (written === undefined) return undefined;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${written}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * SHA-256 of the canonical JSON: record idempotency compares this, so a record pushed again with its keys in
 * another order (another client build) is still recognised as the same content.
 */
export function contentHash(value: unknown): string {
  return hashed(value).hash;
}

/**
 * The canonical JSON and its hash together, for a record about to be stored: the text serves as its `data`
 * too (any key order is the same JSON to a reader), so a pushed visit is serialised once, not twice.
 */
export function hashed(value: unknown): { text: string; hash: string } {
  const text = canonicalJson(value);
  // The one-shot form: a hash object per record costs as much as hashing the record itself.
  return { text, hash: hash('sha256', text, 'hex') };
}
