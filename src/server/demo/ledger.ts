import { randomUUID } from 'node:crypto';
import {
  addMonths,
  assessmentForMonth,
  collectionMonth,
  expectedDuesFen,
  monthsBetween,
  type Attendance,
  type DuesPayment,
  type EvaluationGrade,
  type MeetingType,
  type User,
} from '../../domain';
import { applyMutation, type HandledMutation } from '../services/mutation-handlers';
import { policyForBranch } from '../services/dues-terms';
import { ledgerAssessments } from '../services/ledger';
import { userFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { demoDuesYear } from './dues';
import type { Random } from './prng';

const PLACE = '光明社区党群服务中心';
const THEME_TOPICS = ['学习党章党规', '重温入党誓词', '社区志愿服务', '学习二十大精神', '红色观影', '传统节日慰问', '垃圾分类宣传', '读书分享', '健康讲座', '安全知识学习', '走访困难党员', '年终总结'];

/**
 * A living year of the established branch's books up to last month, so `npm start` shows secretary1 a ledger
 * with something in every column: monthly payments (some quarterly in advance, some by transfer, some by a
 * relative), members falling into arrears, one excused, one month paid twice and left for the secretary to
 * resolve, a payment missed in the books and put right by an adjustment after the month closed, cash handed
 * over and confirmed month by month (last month's still pending), remittances per quarter, closed months, a
 * theme day every month with attendance, lectures, the 组织生活会 and last year's 民主评议.
 *
 * Everything goes through the same mutation handlers as a device's push, in the secretary's or the worker's
 * name, so the demo obeys every rule the server enforces. Idempotent: nothing happens once the branch has
 * meetings or payments. Returns whether it wrote anything.
 */
export async function seedDemoLedger(db: Db, branchId: string, now: Date, random: Random): Promise<boolean> {
  if (await db.selectFrom('meetings').select('id').where('branch_id', '=', branchId).executeTakeFirst()) return false;
  // A demo already in use keeps its own books: invented ones would be mixed into what people recorded.
  if (await db.selectFrom('dues_payments').select('id').where('branch_id', '=', branchId).executeTakeFirst()) return false;
  const secretaryRow = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'community_id', 'branch_id'])
    .where('role', '=', 'secretary')
    .where('branch_id', '=', branchId)
    .orderBy('username')
    .executeTakeFirst();
  const year = demoDuesYear(now);
  const first = `${year}-01`;
  const lastMonth = addMonths(collectionMonth(now.toISOString()), -1);
  const last = lastMonth < `${year}-12` ? lastMonth : `${year}-12`;
  if (!secretaryRow || last < first) return false;
  const secretary = userFromRow(secretaryRow);
  const months = monthsBetween(first, last);

  // The patterns below go by position, so the order must not depend on the random ids: by name and birth
  // date, compared as code points (the databases' collations of Chinese differ).
  const members = (
    await db
      .selectFrom('members')
      .select(['id', 'status', 'risk_bedridden', 'name', 'birth_date'])
      .where('branch_id', '=', branchId)
      .where('is_party_member', '=', 1)
      .where('status', 'in', ['active', 'away'])
      .execute()
  ).sort((a, b) => byCodePoints(`${a.name}|${a.birth_date}|${a.id}`, `${b.name}|${b.birth_date}|${b.id}`));
  const primaries = await db
    .selectFrom('pairings')
    .innerJoin('users', 'users.id', 'pairings.worker_id')
    .select(['pairings.member_id', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.community_id', 'users.branch_id'])
    .where('pairings.role', '=', 'primary')
    .where('pairings.ended_at', 'is', null)
    .where('pairings.member_id', 'in', members.length > 0 ? members.map((m) => m.id) : [''])
    .execute();
  const workerOf = new Map<string, User>(primaries.map((p) => [p.member_id, userFromRow(p)]));
  const policy = await policyForBranch(db, branchId);
  const assessments = await ledgerAssessments(db, branchId);
  const monthly = (memberId: string, month: string) => expectedDuesFen(assessmentForMonth(assessments, memberId, month), policy, month) ?? 0;

  const nowIso = now.toISOString();
  const apply = (user: User, body: HandledMutation) => applyMutation(db, { user, now: nowIso }, body);
  const at = (month: string, day: number, hour = 2) => `${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

  // Dues: the patterns are fixed by position, the days random.
  const payments: DuesPayment[] = [];
  const payers = members.filter((m) => months.some((month) => monthly(m.id, month) > 0));
  const arrearsFrom = addMonths(last, -3);
  let excused = false;
  let missed: { memberId: string; month: string; amountFen: number } | null = null;
  const pay = async (memberId: string, paidMonths: string[], recordedAt: string, index: number, collector?: User) => {
    const byTransfer = index % 5 === 2;
    const collectedBy = collector ?? (byTransfer ? secretary : workerOf.get(memberId) ?? secretary);
    const allocation = paidMonths.map((month) => ({ month, amountFen: monthly(memberId, month) }));
    const payment: DuesPayment = {
      id: randomUUID(),
      memberId,
      branchId,
      kind: 'payment',
      reverses: null,
      months: paidMonths,
      allocation,
      voluntaryFen: 0,
      amountFen: allocation.reduce((sum, a) => sum + a.amountFen, 0),
      method: byTransfer ? 'transfer' : 'cash',
      receiptRef: '',
      paidBy: index % 7 === 3 ? { kind: 'proxy', name: '老伴代交' } : { kind: 'self' },
      collectedBy: collectedBy.id,
      recordedAt,
    };
    await apply(secretary, { type: 'dues.record', record: payment });
    payments.push(payment);
    return payment;
  };
  for (const [index, member] of payers.entries()) {
    const due = months.filter((month) => monthly(member.id, month) > 0);
    if (index % 9 === 7) {
      // Quarterly, in the first month of the quarter, the rest of the quarter in advance.
      for (const month of due.filter((m) => (Number(m.slice(5)) - 1) % 3 === 0)) {
        const quarter = [month, addMonths(month, 1), addMonths(month, 2)].filter((m) => m.startsWith(String(year)) && monthly(member.id, m) > 0);
        await pay(member.id, quarter, at(month, random.int(3, 12)), index);
      }
      continue;
    }
    for (const month of due) {
      if (index % 9 === 4 && month >= arrearsFrom) continue;
      if (index === 1 && month === months[1]) {
        missed = { memberId: member.id, month, amountFen: monthly(member.id, month) };
        continue;
      }
      await pay(member.id, [month], at(month, random.int(5, 20)), index);
    }
    if (index % 9 === 4 && !excused) {
      excused = true;
      const excuse = { id: randomUUID(), memberId: member.id, branchId, from: arrearsFrom, to: last, reason: '住院治疗，家属告知出院后补交', recordedBy: secretary.id, recordedAt: at(last, 25) };
      await apply(secretary, { type: 'dues.excuse', record: excuse });
    }
  }
  // Two devices offline: the worker and the secretary both took the first payer's dues for last month.
  const twice = payers[0];
  if (twice && months.length > 0 && monthly(twice.id, last) > 0) await pay(twice.id, [last], at(last, 26), 0, secretary);

  // Cash handed over per collector and month, confirmed by the secretary; last month's not yet confirmed.
  for (const month of months) {
    const byCollector = new Map<string, DuesPayment[]>();
    for (const p of payments) {
      if (p.method !== 'cash' || p.collectedBy === secretary.id || collectionMonth(p.recordedAt) !== month) continue;
      byCollector.set(p.collectedBy, [...(byCollector.get(p.collectedBy) ?? []), p]);
    }
    for (const [collectorId, handed] of [...byCollector].sort(([a], [b]) => a.localeCompare(b))) {
      const collector = [...workerOf.values()].find((u) => u.id === collectorId);
      if (!collector) continue;
      const handover = {
        id: randomUUID(),
        branchId,
        collectorId,
        month,
        paymentIds: handed.map((p) => p.id),
        countedFen: handed.reduce((sum, p) => sum + p.amountFen, 0),
        handedAt: at(month, 27, 6),
        recordedBy: collectorId,
        note: '',
      };
      await apply(collector, { type: 'cash.handover', record: handover });
      if (month !== last) {
        const confirmation = { id: randomUUID(), handoverId: handover.id, branchId, confirmedBy: secretary.id, confirmedAt: at(month, 27, 7) };
        await apply(secretary, { type: 'cash.confirm', record: confirmation });
      }
    }
  }

  // Remitted upward each quarter finished before last month; the months up to two before last are closed.
  const collectedIn = (month: string) => payments.filter((p) => collectionMonth(p.recordedAt) === month).reduce((sum, p) => sum + p.amountFen, 0);
  for (const quarterEnd of months.filter((m) => Number(m.slice(5)) % 3 === 0 && m < last)) {
    const quarter = [addMonths(quarterEnd, -2), addMonths(quarterEnd, -1), quarterEnd];
    const amountFen = quarter.reduce((sum, m) => sum + collectedIn(m), 0);
    if (amountFen === 0) continue;
    const remittedOn = `${addMonths(quarterEnd, 1)}-10`;
    const record = { id: randomUUID(), branchId, months: quarter, amountFen, largeVoluntary: false, remittedOn, receiptNo: `DF${remittedOn.replaceAll('-', '')}`, recordedBy: secretary.id, recordedAt: at(addMonths(quarterEnd, 1), 10) };
    await apply(secretary, { type: 'cash.remit', record });
  }
  for (const month of months.filter((m) => m <= addMonths(last, -2))) {
    await apply(secretary, { type: 'month.close', record: { id: randomUUID(), branchId, month, action: 'lock', reason: '', by: secretary.id, at: at(addMonths(month, 1), 5) } });
  }
  // Cash found at a handover with no payment in the books: a closed month takes only an adjustment, with why.
  if (missed) {
    const record = { id: randomUUID(), memberId: missed.memberId, branchId, month: missed.month, amountFen: missed.amountFen, cash: true, reason: '交接时发现漏录的现金，补记', recordedBy: secretary.id, recordedAt: at(last, 24) };
    await apply(secretary, { type: 'dues.adjust', record });
  }

  // Members who have died since were at the branch's meetings while alive: without records the register would
  // show them missing every meeting before their death.
  const departed = (
    await db
      .selectFrom('members')
      .select(['id', 'died_on'])
      .where('branch_id', '=', branchId)
      .where('is_party_member', '=', 1)
      .where('status', '=', 'deceased')
      .execute()
  ).flatMap((m) => (m.died_on === null ? [] : [{ id: m.id, diedOn: m.died_on }]));
  await seedMeetings(apply, { branchId, secretary, months, members, departed, random, at });
  return true;
}

interface MeetingSeed {
  branchId: string;
  secretary: User;
  months: string[];
  members: { id: string; status: string; risk_bedridden: number }[];
  /** Members who died, with the date: they attend while alive, on leave in hospital in the last two months. */
  departed: { id: string; diedOn: string }[];
  random: Random;
  at: (month: string, day: number, hour?: number) => string;
}

async function seedMeetings(apply: (user: User, body: HandledMutation) => Promise<unknown>, seed: MeetingSeed): Promise<void> {
  const { branchId, secretary, months, members, departed, random, at } = seed;
  const meetings: { type: MeetingType; month: string; day: number; topic: string }[] = [];
  for (const month of months) {
    const m = Number(month.slice(5));
    meetings.push({ type: 'theme_day', month, day: 10, topic: THEME_TOPICS[(m - 1) % THEME_TOPICS.length] ?? '主题党日' });
    if (m % 3 === 0) meetings.push({ type: 'lecture', month, day: 18, topic: '书记讲党课' });
    if (m === 1) meetings.push({ type: 'life_meeting', month, day: 20, topic: `${Number(month.slice(0, 4)) - 1} 年度组织生活会和民主评议党员` });
  }
  // One member has not been to anything for seven months: the register flags them.
  const lapsed = members[5]?.id;
  const lapsedFrom = months.at(-7) ?? months[0] ?? '';
  for (const meeting of meetings) {
    const record = {
      id: randomUUID(),
      branchId,
      type: meeting.type,
      date: `${meeting.month}-${meeting.day}`,
      place: PLACE,
      host: secretary.displayName,
      topic: meeting.topic,
      recordedBy: secretary.id,
      recordedAt: at(meeting.month, meeting.day, 8),
    };
    await apply(secretary, { type: 'meeting.record', record });
    for (const member of members) {
      let status: Attendance['status'] = 'present';
      let reason = '';
      if (member.risk_bedridden === 1) status = 'delivered';
      else if (member.status === 'away') [status, reason] = ['leave', '外出探亲'];
      else if (member.id === lapsed && meeting.month >= lapsedFrom) status = 'absent';
      else if (random.chance(0.08)) [status, reason] = ['leave', '身体不适'];
      else if (random.chance(0.05)) status = 'absent';
      const attendance: Attendance = { id: randomUUID(), meetingId: record.id, memberId: member.id, branchId, status, reason, decisionRef: '', recordedBy: secretary.id, recordedAt: at(meeting.month, meeting.day, 9) };
      await apply(secretary, { type: 'attendance.record', record: attendance });
    }
    // No random draws here: the patterns above stay as they were.
    for (const member of departed) {
      if (member.diedOn < record.date) continue;
      const inHospital = addMonths(member.diedOn.slice(0, 7), -2) <= meeting.month;
      const attendance: Attendance = {
        id: randomUUID(),
        meetingId: record.id,
        memberId: member.id,
        branchId,
        status: inHospital ? 'leave' : 'present',
        reason: inHospital ? '住院治疗' : '',
        decisionRef: '',
        recordedBy: secretary.id,
        recordedAt: at(meeting.month, meeting.day, 9),
      };
      await apply(secretary, { type: 'attendance.record', record: attendance });
    }
  }
  // Last year's 民主评议, recorded at the 组织生活会: a quarter 优秀, within the one-third limit.
  if (months[0]?.endsWith('-01')) {
    for (const [index, member] of members.entries()) {
      const grade: EvaluationGrade = index % 4 === 0 ? 'excellent' : index % 13 === 12 ? 'basically_qualified' : 'qualified';
      const record = { id: randomUUID(), memberId: member.id, branchId, year: Number(months[0].slice(0, 4)) - 1, grade, recordedBy: secretary.id, recordedAt: at(months[0], 20, 9) };
      await apply(secretary, { type: 'evaluation.record', record });
    }
  }
}

function byCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
