import type { IsoDate } from '../common';
import type { AwayInfo, RecordedRisks } from '../member';
import { checkDateParts, daysInMonth, isoDate, lastDayOfMonth, type DateParts } from './roster-dates';
import { toHalfWidth, withoutSpaces } from './roster-text';

/**
 * 备注 turned into a status and risk flags only where the words leave no doubt (docs/DOMAIN.md §4, §8):
 * 已故（2025.3） is a death with its date; 随子女在北京居住 is away; 冬季在三亚（11月至次年3月） is away only while
 * today falls in the window; 独居 · 空巢 · 卧床 (瘫痪) · 失能 set the flags unless negated or past (不独居, 原独居).
 * Everything else stays the member's note, and the reading lists it for the admin.
 */

export interface RemarksReading {
  status: 'away' | 'deceased' | null;
  diedOn: IsoDate | null;
  away: AwayInfo | null;
  risks: Partial<RecordedRisks>;
  /** The remark text kept as the member's note: what was not turned into a status or flag. */
  note: string;
  notices: string[];
  /** Why the row cannot be imported (a death date in the future or before the birth). */
  reasons: string[];
}

interface Clause {
  /** Half-width text, for reading. */
  text: string;
  /** As the clerk wrote it, for the note. */
  raw: string;
  /** true once turned into a status or flag and not worth keeping as a note. */
  used: boolean;
  /** true once a specific notice explains why it stays a note. */
  explained: boolean;
}

const DATE = String.raw`\d{4}[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}[日号]?|月)?|\d{8}|\d{6}`;
const DEATH_WORD = String.raw`(?:已|因病)?(?:故|去世|逝世|病故|病逝|亡故|死亡|过世|离世)`;
/** The whole clause is about the member's own death: 老伴去世后独居 is not. */
const DEATH = new RegExp(String.raw`^(?:本人)?(?:已?于)?(?<before>${DATE})?(?:因病)?${DEATH_WORD}(?:\((?:于)?(?<inside>${DATE})(?:去世|病故|逝世)?\)|(?:于)?(?<after>${DATE}))?$`);
const DATE_PARTS = /^(\d{4})[.\-/年](\d{1,2})(?:[.\-/月](\d{1,2})[日号]?|月)?$|^(\d{4})(\d{2})(\d{2})?$/;

const FLAGS: ReadonlyArray<{ word: RegExp; flag: keyof RecordedRisks; label: string }> = [
  { word: /独居/g, flag: 'livingAlone', label: '独居' },
  { word: /空巢/g, flag: 'emptyNest', label: '空巢' },
  // 瘫痪 is counted as bedridden: a paralysed member is visited at the bedside, which is what the flag plans for.
  { word: /卧床|瘫痪/g, flag: 'bedridden', label: '卧床' },
  { word: /失能/g, flag: 'disabled', label: '失能' },
];
const NEGATED = /(?:不|非|未|没有|没|无|原|原来|曾|曾经|以前|过去|已不|不再|不是|不属于|已解除)$/;
/** Words that may stand beside a flag without adding anything a note should keep. */
const FLAG_FILLER = /老人|老年人|长期|常年|目前|现|在家|在床|不起|人员|状态|家庭|户|半|和|及|与|、|\s/g;

const AWAY_WORD = /外出|候鸟|随子女|跟子女|投靠|异地|冬季|夏季|冬天|夏天|过冬|避寒|避暑|在外地|长住|常住|定居|暂住|居住|生活在|在.{1,10}生活/;
const SEASONAL_WORD = /候鸟|冬季|夏季|冬天|夏天|过冬|避寒|避暑|每年/;
const ABSOLUTE_WINDOW = new RegExp(String.raw`(${DATE})\s*(?:-|~|至|到|—|–)\s*(${DATE})`);
const MONTH_WINDOW = /(\d{1,2})月(?:份)?(?:上旬|中旬|下旬|初|底)?\s*(?:-|~|至|到|—|–)\s*(次年|第二年|来年|翌年|转年)?(\d{1,2})月(?:份)?(?:上旬|中旬|下旬|初|底)?/;
const PLACE_AFTER_VERB = /(?:在|去|到|赴|前往|投靠)([\u4e00-\u9fa5]{2,10}?)(?=居住|住|生活|养老|过冬|避寒|避暑|定居|暂住|常住|长住|$|[(\s,;])/;
const PLACE_AFTER_WORD = /(?:候鸟|外出)[:\s]*([\u4e00-\u9fa5]{2,10})/;
const NOT_A_PLACE = /本|小区|社区|家中|家里|同住|子女|儿子|女儿|期间|外地|异地|居住|生活|养老|过冬|候鸟|外出/;
const BARE_PLACE = /^[\u4e00-\u9fa5]{2,10}$/;

type AwayWindow =
  | { kind: 'absolute'; from: IsoDate; to: IsoDate; shown: string }
  | { kind: 'months'; first: number; last: number; shown: string }
  | { kind: 'season' }
  | { kind: 'ongoing' };

interface AwayClause {
  index: number;
  window: AwayWindow;
  place: string | null;
  /** Following clauses that gave the place or the months (候鸟，海南). */
  attached: number[];
}

/** Splits on punctuation outside brackets: 冬季在三亚（11月，次年3月回） stays one clause. */
function clausesOf(raw: string): Clause[] {
  const text = toHalfWidth(raw);
  const clauses: Clause[] = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end).trim();
    if (piece !== '') clauses.push({ text: piece, raw: raw.slice(start, end).trim(), used: false, explained: false });
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '(' || ch === '【' || ch === '[') depth++;
    else if ((ch === ')' || ch === '】' || ch === ']') && depth > 0) depth--;
    else if (depth === 0 && /[,;。、\n\r]/.test(ch)) {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return clauses;
}

function dateParts(text: string): DateParts | null {
  const m = DATE_PARTS.exec(text);
  if (!m) return null;
  if (m[1] !== undefined) return { year: Number(m[1]), month: Number(m[2]), day: m[3] === undefined ? null : Number(m[3]) };
  return { year: Number(m[4]), month: Number(m[5]), day: m[6] === undefined ? null : Number(m[6]) };
}

function validParts(parts: DateParts | null): parts is DateParts {
  return (
    parts !== null &&
    parts.year >= 1900 &&
    parts.month >= 1 &&
    parts.month <= 12 &&
    (parts.day === null || (parts.day >= 1 && parts.day <= daysInMonth(parts.year, parts.month)))
  );
}

function windowOf(text: string): AwayWindow | null {
  const absolute = ABSOLUTE_WINDOW.exec(text);
  if (absolute) {
    const start = dateParts(absolute[1] as string);
    const end = dateParts(absolute[2] as string);
    if (validParts(start) && validParts(end)) {
      const from = isoDate(start.year, start.month, start.day ?? 1);
      const to = end.day === null ? lastDayOfMonth(end.year, end.month) : isoDate(end.year, end.month, end.day);
      if (from <= to) return { kind: 'absolute', from, to, shown: absolute[0] };
    }
  }
  const months = MONTH_WINDOW.exec(text);
  if (months) {
    const first = Number(months[1]);
    const last = Number(months[3]);
    if (first >= 1 && first <= 12 && last >= 1 && last <= 12) return { kind: 'months', first, last, shown: months[0] };
  }
  return null;
}

function placeOf(text: string, window: AwayWindow | null): string | null {
  const candidates: string[] = [];
  for (const bracket of text.matchAll(/\(([^)]*)\)/g)) {
    let inside = bracket[1] ?? '';
    if (window && 'shown' in window) inside = inside.replace(window.shown, '');
    candidates.push(inside.replace(/[\s,;:、]+/g, ''));
  }
  const afterVerb = PLACE_AFTER_VERB.exec(text.replace(/\([^)]*\)/g, ' '));
  if (afterVerb) candidates.push(afterVerb[1] as string);
  const afterWord = PLACE_AFTER_WORD.exec(text);
  if (afterWord) candidates.push(afterWord[1] as string);
  return candidates.find((c) => BARE_PLACE.test(c) && !NOT_A_PLACE.test(c)) ?? null;
}

function isBarePlace(clause: Clause): boolean {
  const text = withoutSpaces(clause.text);
  return BARE_PLACE.test(text) && !NOT_A_PLACE.test(text) && !AWAY_WORD.test(text) && !FLAGS.some((f) => text.match(f.word));
}

function monthsLabel(first: number, last: number): string {
  return first <= last ? `${first}月至${last}月` : `${first}月至次年${last}月`;
}

/** The current occurrence of a yearly window that contains today, or null when today is outside it. */
function seasonAround(first: number, last: number, today: IsoDate): { from: IsoDate; to: IsoDate } | null {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (first <= last) {
    return month >= first && month <= last ? { from: isoDate(year, first, 1), to: lastDayOfMonth(year, last) } : null;
  }
  if (month >= first) return { from: isoDate(year, first, 1), to: lastDayOfMonth(year + 1, last) };
  if (month <= last) return { from: isoDate(year - 1, first, 1), to: lastDayOfMonth(year, last) };
  return null;
}

export function readRemarks(remarks: string, context: { today: IsoDate; birthDate: IsoDate | null }): RemarksReading {
  const { today, birthDate } = context;
  const clauses = clausesOf(remarks);
  const notices: string[] = [];
  const reasons: string[] = [];
  const risks: Partial<RecordedRisks> = {};
  const deaths: Array<{ index: number; shown: string | null; parts: DateParts | null }> = [];
  const aways: AwayClause[] = [];

  clauses.forEach((clause, index) => {
    const compact = withoutSpaces(clause.text);
    const death = DEATH.exec(compact);
    if (death) {
      const shown = death.groups?.before ?? death.groups?.inside ?? death.groups?.after ?? null;
      deaths.push({ index, shown, parts: shown === null ? null : dateParts(shown) });
      return;
    }
    if (readFlags(clause, risks, notices)) return;
    if (AWAY_WORD.test(compact)) {
      const window = windowOf(clause.text);
      const seasonal = SEASONAL_WORD.test(compact);
      aways.push({
        index,
        window: window ?? (seasonal ? { kind: 'season' } : { kind: 'ongoing' }),
        place: placeOf(clause.text, window),
        attached: [],
      });
    }
  });

  // 候鸟，海南，11月至次年3月: the place and the months often come as clauses of their own.
  for (const away of aways) {
    for (let j = away.index + 1; j < clauses.length && j <= away.index + 2; j++) {
      const next = clauses[j] as Clause;
      if (deaths.some((d) => d.index === j) || aways.some((a) => a.index === j) || next.used) break;
      const window = windowOf(next.text);
      if (away.place === null && isBarePlace(next)) away.place = withoutSpaces(next.text);
      else if (window && (away.window.kind === 'season' || away.window.kind === 'ongoing')) away.window = window;
      else break;
      next.used = true;
      away.attached.push(j);
    }
  }

  const death = resolveDeath(deaths, clauses, { today, birthDate }, notices, reasons);
  const away = resolveAway(aways, clauses, today, notices);
  let status: RemarksReading['status'] = null;
  let diedOn: IsoDate | null = null;
  let awayInfo: AwayInfo | null = null;
  if (death && away) {
    notices.push('备注同时写有已故和外出，无法确定状态，未更改状态，已作为备注保留，请核对');
    for (const i of [...death.indexes, ...away.indexes]) {
      (clauses[i] as Clause).used = false;
      (clauses[i] as Clause).explained = true;
    }
  } else if (death) {
    status = 'deceased';
    diedOn = death.diedOn;
    notices.push(...death.notices);
  } else if (away) {
    status = 'away';
    awayInfo = away.info;
    notices.push(...away.notices);
  }

  const kept = clauses.filter((c) => !c.used);
  const unexplained = kept.filter((c) => !c.explained).map((c) => `「${c.raw}」`);
  if (unexplained.length > 0) notices.push(`备注中${unexplained.join('')}未转为状态或风险标记，已作为备注保留`);
  return { status, diedOn, away: awayInfo, risks, note: kept.map((c) => c.raw).join('；'), notices, reasons };
}

/** Sets the flags a clause names; true when the clause was about flags (used, or kept with a notice). */
function readFlags(clause: Clause, risks: Partial<RecordedRisks>, notices: string[]): boolean {
  const compact = withoutSpaces(clause.text);
  let found = false;
  let negated = false;
  for (const { word, flag, label } of FLAGS) {
    for (const match of compact.matchAll(word)) {
      found = true;
      if (NEGATED.test(compact.slice(0, match.index))) {
        negated = true;
        notices.push(`备注「${clause.raw}」是否定或过去的情况，未设为${label}，已作为备注保留`);
      } else {
        risks[flag] = true;
      }
    }
  }
  if (!found) return false;
  if (negated) clause.explained = true;
  else {
    let rest = compact;
    for (const { word } of FLAGS) rest = rest.replace(word, '');
    clause.used = rest.replace(FLAG_FILLER, '') === '';
  }
  return true;
}

function resolveDeath(
  deaths: Array<{ index: number; shown: string | null; parts: DateParts | null }>,
  clauses: Clause[],
  context: { today: IsoDate; birthDate: IsoDate | null },
  notices: string[],
  reasons: string[],
): { diedOn: IsoDate; indexes: number[]; notices: string[] } | null {
  if (deaths.length === 0) return null;
  const explain = (notice: string) => {
    notices.push(notice);
    for (const d of deaths) (clauses[d.index] as Clause).explained = true;
    return null;
  };
  const dated = deaths.filter((d) => d.shown !== null);
  if (dated.length === 0) {
    return explain(`备注「${(clauses[deaths[0]!.index] as Clause).raw}」没有写去世日期，未改为已故；请写明日期（如 已故（2025.3））后重新导入，或在成员页记录去世`);
  }
  const readings = dated.map((d) =>
    d.parts === null
      ? ({ ok: false, reason: `去世日期「${d.shown}」无法识别，请核对` } as const)
      : checkDateParts(d.parts, '去世日期', d.shown as string, context.today),
  );
  const dates = new Set(readings.map((r) => (r.ok ? r.date : r.reason)));
  if (dates.size > 1) return explain('备注中写了不同的去世日期，未改为已故，请核对');
  const reading = readings[0]!;
  const refuse = (reason: string) => {
    reasons.push(reason);
    for (const d of deaths) (clauses[d.index] as Clause).explained = true;
    return null;
  };
  if (!reading.ok) return refuse(reading.reason);
  if (context.birthDate !== null && reading.date < context.birthDate) {
    return refuse(`去世日期（${reading.date}）早于出生日期（${context.birthDate}），请核对`);
  }
  for (const d of deaths) (clauses[d.index] as Clause).used = true;
  return { diedOn: reading.date, indexes: deaths.map((d) => d.index), notices: reading.notice ? [reading.notice] : [] };
}

function resolveAway(
  aways: AwayClause[],
  clauses: Clause[],
  today: IsoDate,
  notices: string[],
): { info: AwayInfo; indexes: number[]; notices: string[] } | null {
  const current: Array<{ info: AwayInfo; index: number; attached: number[] }> = [];
  const keepAsNote = (indexes: number[]) => {
    for (const i of indexes) {
      (clauses[i] as Clause).used = false;
      (clauses[i] as Clause).explained = true;
    }
  };
  for (const away of aways) {
    const clause = clauses[away.index] as Clause;
    const keep = (notice: string) => {
      notices.push(notice);
      keepAsNote([away.index, ...away.attached]);
    };
    const { window, place } = away;
    if (place === null) {
      // 在本小区居住 is no trip at all: only a plain 外出 is worth telling the admin about.
      if (/外出|候鸟|异地|外地/.test(clause.text)) keep(`备注「${clause.raw}」没有写明外出地点，未改为外出，已作为备注保留`);
      continue;
    }
    if (window.kind === 'season') {
      keep(`季节性外出（${place}）没有写明月份，无法判断目前是否在外，已作为备注保留`);
    } else if (window.kind === 'months') {
      const season = seasonAround(window.first, window.last, today);
      if (season === null) keep(`季节性外出（${place}，${monthsLabel(window.first, window.last)}），目前不在外出期，已作为备注保留`);
      else current.push({ info: { place, from: season.from, expectedReturn: season.to, phone: null }, index: away.index, attached: away.attached });
    } else if (window.kind === 'absolute') {
      if (today < window.from) keep(`外出（${place}，${window.from} 至 ${window.to}）尚未开始，已作为备注保留`);
      else if (today > window.to) keep(`外出（${place}，${window.from} 至 ${window.to}）已经结束，已作为备注保留`);
      else current.push({ info: { place, from: window.from, expectedReturn: window.to, phone: null }, index: away.index, attached: away.attached });
    } else {
      current.push({ info: { place, from: null, expectedReturn: null, phone: null }, index: away.index, attached: away.attached });
    }
  }
  if (current.length === 0) return null;
  const places = new Set(current.map((c) => c.info.place));
  if (places.size > 1) {
    notices.push(`备注写有多个外出地点（${[...places].join('、')}），未改为外出，已作为备注保留，请核对`);
    keepAsNote(current.flatMap((c) => [c.index, ...c.attached]));
    return null;
  }
  for (const c of current) (clauses[c.index] as Clause).used = true;
  const info = current[0]!.info;
  const until = info.expectedReturn ? `，预计 ${info.expectedReturn} 返回` : '';
  return {
    info,
    indexes: current.flatMap((c) => [c.index, ...c.attached]),
    notices: [`备注说明目前外出（${info.place}${until}），已设为外出`],
  };
}
