import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BranchType, ERROR_CODES, ERRORS, Gender, MemberStatus, MUTATION_TYPES, PairingRole, RISK_FLAGS, Role, ROSTER_FIELDS, RowStatus, ServiceNeed } from '../../src/domain';
import { en } from '../../src/app/i18n/en';
import { zhCN } from '../../src/app/i18n/zh-CN';

function flatten(messages: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const zhKeys = flatten(zhCN);
const enKeys = flatten(en);

const APP_DIR = join(import.meta.dirname, '..', '..', 'src', 'app');
function sources(dir: string = APP_DIR): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sources(path);
    return /\.(ts|vue)$/.test(entry.name) ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('locales', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect([...enKeys.keys()].sort()).toEqual([...zhKeys.keys()].sort());
  });

  it('every message is a non-empty string in both languages', () => {
    for (const [key, value] of [...zhKeys, ...enKeys]) {
      expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true);
    }
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of zhKeys) expect(placeholders(enKeys.get(key)), key).toEqual(placeholders(value));
  });

  it('takes the error texts from the domain table, for every error code', () => {
    for (const code of ERROR_CODES) {
      expect(zhKeys.get(`errors.${code}`)).toBe(ERRORS[code].zh);
      expect(enKeys.get(`errors.${code}`)).toBe(ERRORS[code].en);
    }
    for (const code of ['NETWORK', 'BAD_RESPONSE', 'UNKNOWN']) expect(zhKeys.has(`errors.${code}`)).toBe(true);
  });

  it('has a label for every value the domain can hand to a dynamic key', () => {
    const families: [string, readonly string[]][] = [
      ['risk', RISK_FLAGS],
      ['status', MemberStatus.options],
      ['gender', Gender.options],
      ['need', ServiceNeed.options],
      ['role', Role.options],
      ['pairing', PairingRole.options],
      // The administrator's screens: the import's columns and row results, pairing roles, branch types.
      ['admin.field', ROSTER_FIELDS],
      ['admin.rowStatus', RowStatus.options],
      ['admin.pairingRole', PairingRole.options],
      ['admin.org.type', BranchType.options],
    ];
    for (const [prefix, values] of families) {
      for (const value of values) expect(zhKeys.has(`${prefix}.${value}`), `${prefix}.${value}`).toBe(true);
    }
    // The rejected-entries sheet names each outbox entry by its mutation type.
    for (const type of MUTATION_TYPES) {
      const key = `sync.mutation.${type.replace('.', '_')}`;
      expect(zhKeys.has(key), key).toBe(true);
    }
  });

  it('defines every literal key the app asks for', () => {
    const used = new Set<string>();
    for (const { text } of sources()) {
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !zhKeys.has(key));
    expect(missing).toEqual([]);
  });

  it('shows no hard-coded Chinese text in component templates', () => {
    for (const { path, text } of sources().filter((file) => file.path.endsWith('.vue'))) {
      const template = /<template>([\s\S]*)<\/template>/.exec(text)?.[1] ?? '';
      const withoutComments = template.replace(/<!--[\s\S]*?-->/g, '');
      expect(withoutComments.match(/[\u4e00-\u9fff]+/g), path).toBeNull();
    }
  });
});
