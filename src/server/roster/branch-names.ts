import type { BranchType } from '../../domain';

export interface CommunityBranch {
  id: string;
  name: string;
  type: BranchType;
}

export type BranchMatch = { branch: CommunityBranch } | { reason: string };

/**
 * The branch a roster's 党支部 cell names, among the community's branches. Offices write the same branch
 * several ways: 第一党支部 · 第一支部 · 一支部 · 第1党支部 · 离退休第一党支部, or the name without 党支部. Tried in
 * order, each only when it names exactly one branch: the name itself (spaces and full-width forms aside);
 * the name without its 党支部/支部 ending; the branch's number (第X). Anything else is refused with the
 * community's branch names, so the admin can correct the sheet or create the branch.
 */
export function matchBranch(text: string, branches: readonly CommunityBranch[]): BranchMatch {
  const wanted = plain(text);
  const tries: ((b: CommunityBranch) => boolean)[] = [
    (b) => plain(b.name) === wanted,
    (b) => withoutEnding(plain(b.name)) === withoutEnding(wanted),
  ];
  const number = ordinal(wanted);
  if (number !== null && isOnlyOrdinal(wanted)) tries.push((b) => ordinal(plain(b.name)) === number);
  for (const test of tries) {
    const found = branches.filter(test);
    if (found.length === 1) return { branch: found[0]! };
    if (found.length > 1) {
      return { reason: `党支部「${text.trim()}」可能是 ${found.map((b) => b.name).join('、')}，请在表格中写全称` };
    }
  }
  const known = branches.length > 0 ? `本社区的党支部有：${branches.map((b) => b.name).join('、')}` : '本社区还没有建立党支部';
  return { reason: `未找到党支部「${text.trim()}」（${known}）` };
}

/** NFKC turns full-width digits and letters into ASCII; spaces typed inside a name do not count. */
function plain(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '');
}

function withoutEnding(name: string): string {
  return name.replace(/(党总支|党支部|支部)$/u, '');
}

const ORDINAL = /第?([零〇一二两三四五六七八九十百\d]+)(?:党)?支部$/u;

/** 第三党支部 · 三支部 · 第3支部 → 3; null when the name carries no branch number. */
function ordinal(name: string): number | null {
  const match = ORDINAL.exec(name);
  if (!match) return null;
  const digits = match[1]!;
  return /^\d+$/.test(digits) ? Number(digits) : chineseNumber(digits);
}

/** Only a number and the ending (第一党支部, 一支部), not a named branch that happens to end in one. */
function isOnlyOrdinal(name: string): boolean {
  return /^第?[零〇一二两三四五六七八九十百\d]+(?:党)?支部$/u.test(name);
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 and 一百 … 九百九十九, as branches are numbered; null for anything else. */
function chineseNumber(text: string): number | null {
  let total = 0;
  let pending: number | null = null;
  for (const char of text) {
    // 一百零五: the zero only holds a place.
    if ((char === '零' || char === '〇') && total > 0) continue;
    if (char in DIGIT) {
      if (pending !== null) return null;
      pending = DIGIT[char]!;
    } else if (char === '十' || char === '百') {
      total += (pending ?? 1) * (char === '十' ? 10 : 100);
      pending = null;
    } else {
      return null;
    }
  }
  return total + (pending ?? 0) || null;
}
