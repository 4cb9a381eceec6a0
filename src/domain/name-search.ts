import { pinyin } from 'pinyin-pro';

/**
 * Name search runs in memory: names will be encrypted at rest on the device, so IndexedDB cannot index them,
 * and a worker's or branch's roster is a few hundred people at most.
 * A query matches the Chinese name, the full pinyin ("zhangxiaoming") or the initials ("zxm"), from the start
 * or inside, ignoring case, spaces and tone marks.
 */
export interface NameKeys {
  hanzi: string;
  full: string;
  initials: string;
}

export function nameKeys(name: string): NameKeys {
  const hanzi = name.replace(/\s+/g, '');
  // surname mode reads 单 as shan, 曾 as zeng, 仇 as qiu when they open a name.
  const syllables = pinyin(hanzi, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  return { hanzi, full: clean.join(''), initials: clean.map((s) => s[0]).join('') };
}

export function normaliseQuery(query: string): string {
  return query.trim().toLowerCase().replace(/[\s'’]+/g, '').replace(/ü/g, 'v');
}

export function matchesName(keys: NameKeys, query: string): boolean {
  const q = normaliseQuery(query);
  if (q.length === 0) return true;
  return keys.hanzi.includes(q) || keys.full.includes(q) || keys.initials.includes(q);
}
