/**
 * mulberry32: a tiny seeded generator, so the demo community is the same on every machine and a
 * screenshot or a bug report about "张晓明 in 3号楼" means the same door everywhere.
 */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick() needs a non-empty list');
    return item;
  };
  const chance = (probability: number): boolean => next() < probability;
  /** Up to `max` distinct items, in list order. */
  const some = <T>(items: readonly T[], max: number): T[] => {
    const count = int(0, max);
    const chosen = new Set<T>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(pick(items));
    return items.filter((item) => chosen.has(item));
  };
  return { next, int, pick, chance, some };
}

export type Random = ReturnType<typeof createRandom>;
