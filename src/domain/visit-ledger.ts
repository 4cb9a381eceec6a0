import { formatYuan } from './dues-rules';
import type { LedgerSheet, SheetCell } from './ledger-export';
import type { Address, Member, ServiceNeed } from './member';
import { compareInstants, dayInShanghai, isYearMonth, monthInShanghai, monthsBetween } from './months';
import type { FollowUpClosure } from './plan/follow-up-closure';
import { memberVisits } from './plan/plan-visits';
import type { Visit, VisitOutcome, VisitType } from './visit';

/**
 * The 走访台账 (docs/DOMAIN.md §9): the visits of a month or a quarter as community offices hand them to the level
 * above — 序号 · 姓名 · 住址 · 走访日期 · 方式 · 走访人 · 情况 · 解决的问题 · 后续事项. Built from the visits a device holds (the
 * secretary's branch, the administrator's community); the exporter writes it to .xlsx and the print view renders it,
 * so paper and file show the same rows.
 */

// ── The period ─────────────────────────────────────────────────────────────────────────────────────────────

/** A month (YYYY-MM) or a quarter (1–4) of a year: the two periods offices report by. */
export type VisitLedgerPeriod = { kind: 'month'; month: string } | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 };

export function periodMonths(period: VisitLedgerPeriod): string[] {
  if (period.kind === 'month') {
    if (!isYearMonth(period.month)) throw new RangeError(`月份格式应为 YYYY-MM：${period.month}`);
    return [period.month];
  }
  const first = (period.quarter - 1) * 3 + 1;
  const month = (m: number) => `${String(period.year).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  return monthsBetween(month(first), month(first + 2));
}

/** The quarter a month falls in. */
export function quarterOf(month: string): { year: number; quarter: 1 | 2 | 3 | 4 } {
  if (!isYearMonth(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  return { year: Number(month.slice(0, 4)), quarter: (Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4 };
}

// ── Labels ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface VisitLedgerLabels {
  title: (organisation: string) => string;
  period: (period: VisitLedgerPeriod) => string;
  header: readonly [string, string, string, string, string, string, string, string, string];
  address: (address: Address) => string;
  /** 方式: 入户, 电话 or 视频 (docs/DOMAIN.md §9). */
  mode: (type: VisitType) => string;
  type: (type: VisitType) => string;
  outcome: (outcome: VisitOutcome) => string;
  need: (need: ServiceNeed) => string;
  needs: (list: string) => string;
  delivered: (description: string, yuan: string | null) => string;
  followUp: (what: string, owner: string, deadline: string, done: boolean) => string;
  unknownVisitor: string;
  unknownMember: string;
  totals: string;
  totalMembers: (n: number) => string;
  totalModes: (inPerson: number, phone: number, video: number) => string;
  separator: string;
  listSeparator: string;
}

const QUARTER_ZH = ['一', '二', '三', '四'] as const;
const TYPE_ZH: Record<VisitType, string> = {
  regular: '定期走访',
  festival: '节日慰问',
  sick: '生病住院探望',
  study_delivery: '送学上门',
  hardship: '困难帮扶',
  phone: '电话',
  video: '视频',
};
const OUTCOME_ZH: Record<VisitOutcome, string> = { met: '见到本人', not_home: '不在家', in_hospital: '住院', moved: '已搬走', deceased: '已故' };
const NEED_ZH: Record<ServiceNeed, string> = { daily_care: '生活照料', emotional: '心理慰藉', health: '医疗健康', legal: '法律', policy: '政策' };

/** Bare numbers get their unit (3 → 3栋), as the app's address format does; a part written out stays as typed. */
function addressPart(text: string, unit: string): string {
  return /^[0-9A-Za-z-]+$/.test(text) ? `${text}${unit}` : text;
}

export const VISIT_LEDGER_LABELS_ZH: VisitLedgerLabels = {
  title: (organisation) => `${organisation} 走访台账`,
  period: (period) => {
    if (period.kind === 'month') return `${period.month.slice(0, 4)}年${Number(period.month.slice(5, 7))}月`;
    const [from, , to] = periodMonths(period);
    return `${period.year}年第${QUARTER_ZH[period.quarter - 1]}季度（${Number(from!.slice(5, 7))}月—${Number(to!.slice(5, 7))}月）`;
  },
  header: ['序号', '姓名', '住址', '走访日期', '方式', '走访人', '情况', '解决的问题', '后续事项'],
  address: (a) => `${a.compound} ${addressPart(a.building, '栋')}${addressPart(a.unit, '单元')}${addressPart(a.room, '室')}`.trim(),
  mode: (type) => (type === 'phone' ? '电话' : type === 'video' ? '视频' : '入户'),
  type: (type) => TYPE_ZH[type],
  outcome: (outcome) => OUTCOME_ZH[outcome],
  need: (need) => NEED_ZH[need],
  needs: (list) => `需求：${list}`,
  delivered: (description, yuan) => (yuan === null ? `送${description}` : `送${description} ${yuan} 元`),
  followUp: (what, owner, deadline, done) => `${what}（${owner}，${deadline} 前，${done ? '已完成' : '未完成'}）`,
  unknownVisitor: '（已停用账号）',
  unknownMember: '（不在本机名册）',
  totals: '合计',
  totalMembers: (n) => `${n} 人`,
  totalModes: (inPerson, phone, video) => `入户 ${inPerson} 次 · 电话 ${phone} 次 · 视频 ${video} 次`,
  separator: '；',
  listSeparator: '、',
};

// ── Rows ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface VisitLedgerInput {
  period: VisitLedgerPeriod;
  /** Every visit the device holds: corrections are resolved here, other months left out. */
  visits: readonly Visit[];
  members: ReadonlyMap<string, Pick<Member, 'id' | 'name' | 'address'>>;
  /** Display names of the visitors (the session's colleagues, the user themself). */
  visitorNames: ReadonlyMap<string, string>;
  /** Follow-ups marked done by their own record (FollowUpClosure) count as done. */
  closures?: readonly FollowUpClosure[];
}

export interface VisitLedgerRow {
  visit: Visit;
  /** The Shanghai date of the visit. */
  date: string;
  name: string;
  address: string;
  mode: string;
  visitors: string;
  situation: string;
  solved: string;
  followUps: string;
}

function situationOf(visit: Visit, labels: VisitLedgerLabels): string {
  const parts = [labels.type(visit.type), labels.outcome(visit.outcome), visit.livingSituation];
  if (visit.needs.length > 0) parts.push(labels.needs(visit.needs.map(labels.need).join(labels.listSeparator)));
  if (visit.notes !== '') parts.push(visit.notes);
  return parts.filter((part) => part !== '').join(labels.separator);
}

function solvedOf(visit: Visit, labels: VisitLedgerLabels): string {
  const parts = [visit.solvedOnSpot, ...visit.itemsDelivered.map((item) => labels.delivered(item.description, item.amountFen === null ? null : formatYuan(item.amountFen)))];
  return parts.filter((part) => part !== '').join(labels.separator);
}

function followUpsOf(visit: Visit, closed: ReadonlySet<string>, labels: VisitLedgerLabels): string {
  return visit.followUps
    .map((f, index) => labels.followUp(f.what, f.owner, f.deadline, f.status === 'done' || closed.has(`${visit.id}|${index}`)))
    .join(labels.separator);
}

/** The period's visits in force, in the order they happened (then by name), each as the ledger's text. */
export function visitLedgerRows(input: VisitLedgerInput, labels: VisitLedgerLabels = VISIT_LEDGER_LABELS_ZH): VisitLedgerRow[] {
  const months = new Set(periodMonths(input.period));
  const closed = new Set((input.closures ?? []).map((c) => `${c.visitId}|${c.index}`));
  // The plan's rule of which version stands (a correction replaces what it corrects), over every visit at once.
  const byId = new Map(input.visits.map((visit) => [visit.id, visit]));
  return memberVisits(input.visits)
    .inForce.map((dated) => byId.get(dated.visit.id)!)
    .filter((visit) => months.has(monthInShanghai(visit.occurredAt)))
    .map((visit) => {
      const member = input.members.get(visit.memberId);
      return {
        visit,
        date: dayInShanghai(visit.occurredAt),
        name: member?.name ?? labels.unknownMember,
        address: member === undefined ? '' : labels.address(member.address),
        mode: labels.mode(visit.type),
        visitors: visit.visitorIds.map((id) => input.visitorNames.get(id) ?? labels.unknownVisitor).join(labels.listSeparator),
        situation: situationOf(visit, labels),
        solved: solvedOf(visit, labels),
        followUps: followUpsOf(visit, closed, labels),
      };
    })
    .sort((a, b) => compareInstants(a.visit.occurredAt, b.visit.occurredAt) || a.name.localeCompare(b.name, 'zh-CN') || (a.visit.id < b.visit.id ? -1 : 1));
}

const text = (t: string): SheetCell => ({ kind: 'text', text: t });
const EMPTY: SheetCell = { kind: 'empty' };

/** The ledger as a sheet: title, period, the nine columns, one row per visit, and a totals row. */
export function visitLedgerSheet(input: VisitLedgerInput & { organisation: string }, labels: VisitLedgerLabels = VISIT_LEDGER_LABELS_ZH): LedgerSheet {
  const rows = visitLedgerRows(input, labels);
  const count = (type: VisitType) => rows.filter((row) => row.visit.type === type).length;
  const phone = count('phone');
  const video = count('video');
  return {
    title: labels.title(input.organisation),
    period: labels.period(input.period),
    header: [...labels.header],
    rows: rows.map((row, i) => [
      { kind: 'number', value: i + 1 },
      text(row.name),
      text(row.address),
      text(row.date),
      text(row.mode),
      text(row.visitors),
      text(row.situation),
      text(row.solved),
      text(row.followUps),
    ]),
    totals: [
      text(labels.totals),
      text(labels.totalMembers(new Set(rows.map((row) => row.visit.memberId)).size)),
      EMPTY,
      EMPTY,
      EMPTY,
      EMPTY,
      // Under 情况, the widest column: the ways the visits were made.
      text(labels.totalModes(rows.length - phone - video, phone, video)),
      EMPTY,
      EMPTY,
    ],
  };
}
