import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type {
  ArrearsExcuse,
  Attendance,
  CashHandover,
  DuesAdjustment,
  DuplicateResolution,
  Evaluation,
  HandoverConfirmation,
  Meeting,
  MonthClose,
  Remittance,
  User,
} from '../../src/domain';
import { createUser } from '../../src/server/services/users';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { AT, outbox, push, seedFixtureDues, statuses } from './sync-support';

/**
 * The secretary's ledger records as a tablet builds them, and a world to push them into: the fixtures with
 * their dues terms, plus secretary2 of the non-established branch B2 (to prove branches never mix).
 */

export function adjustment(memberId: string, branchId: string, by: string, month: string, amountFen: number, overrides: Partial<DuesAdjustment> = {}): DuesAdjustment {
  return { id: randomUUID(), memberId, branchId, month, amountFen, cash: true, reason: '补记漏录的现金', recordedBy: by, recordedAt: AT, ...overrides };
}

export function monthClose(branchId: string, by: string, month: string, action: MonthClose['action'], reason = '', at = AT): MonthClose {
  return { id: randomUUID(), branchId, month, action, reason, by, at };
}

export function resolution(
  memberId: string,
  branchId: string,
  by: string,
  month: string,
  paymentId: string,
  amountFen: number,
  overrides: Partial<DuplicateResolution> = {},
): DuplicateResolution {
  return { id: randomUUID(), memberId, branchId, month, paymentId, action: 'refund', creditMonth: null, amountFen, note: '', recordedBy: by, recordedAt: AT, ...overrides };
}

export function handover(branchId: string, collectorId: string, by: string, month: string, paymentIds: string[], countedFen: number): CashHandover {
  return { id: randomUUID(), branchId, collectorId, month, paymentIds, countedFen, handedAt: AT, recordedBy: by, note: '' };
}

export function confirmation(handoverId: string, branchId: string, by: string): HandoverConfirmation {
  return { id: randomUUID(), handoverId, branchId, confirmedBy: by, confirmedAt: AT };
}

export function remittance(branchId: string, by: string, months: string[], amountFen: number, remittedOn: string): Remittance {
  return { id: randomUUID(), branchId, months, amountFen, largeVoluntary: false, remittedOn, receiptNo: `NO.${remittedOn}`, recordedBy: by, recordedAt: AT };
}

export function meeting(branchId: string, by: string, date: string, overrides: Partial<Meeting> = {}): Meeting {
  return { id: randomUUID(), branchId, type: 'theme_day', date, place: '社区党群服务中心', host: '李书记', topic: '学习党章', recordedBy: by, recordedAt: AT, ...overrides };
}

export function attendance(meetingId: string, memberId: string, branchId: string, by: string, status: Attendance['status'] = 'present'): Attendance {
  return { id: randomUUID(), meetingId, memberId, branchId, status, reason: status === 'leave' ? '住院' : '', decisionRef: '', recordedBy: by, recordedAt: AT };
}

export function evaluation(memberId: string, branchId: string, by: string, grade: Evaluation['grade'], year = 2026): Evaluation {
  return { id: randomUUID(), memberId, branchId, year, grade, recordedBy: by, recordedAt: AT };
}

export function excuse(memberId: string, branchId: string, by: string, from: string, to: string): ArrearsExcuse {
  return { id: randomUUID(), memberId, branchId, from, to, reason: '住院治疗', recordedBy: by, recordedAt: AT };
}

export interface LedgerWorld {
  backend: TestBackend;
  app: FastifyInstance;
  fx: Fixtures;
  secretary2: User;
  token(username: string): string;
  /** Pushes one mutation from a fresh device and answers its status ('applied', 'rejected:CODE', …). */
  send(username: string, type: string, record: unknown): Promise<string>;
  /** The same, with the whole result (message included). */
  sendFull(username: string, type: string, record: unknown): Promise<{ status: string; code?: string | undefined; message?: string | undefined }>;
  close(): Promise<void>;
}

export async function ledgerWorld(kind: TestBackend['kind']): Promise<LedgerWorld> {
  const backend = await createBackend(kind);
  const fx = await seedFixtures(backend.storage.db);
  await seedFixtureDues(backend.storage.db, fx);
  const secretary2 = await createUser(backend.storage.db, {
    username: 'secretary2',
    password: FIXTURE_PASSWORD,
    displayName: '测试secretary2',
    role: 'secretary',
    communityId: fx.community.id,
    branchId: fx.branch2.id,
  });
  const app = await buildTestApp(backend);
  const tokens: Record<string, string> = {};
  for (const username of ['worker1', 'worker2', 'worker3', 'secretary1', 'secretary2', 'admin1', 'admin2']) {
    tokens[username] = await loginAs(app, username, FIXTURE_PASSWORD);
  }
  const token = (username: string) => tokens[username] ?? '';
  const sendFull = async (username: string, type: string, record: unknown) => {
    const device = outbox();
    const response = await push(app, token(username), device.clientId, [device.add(type, record)]);
    const result = response.results[0];
    if (!result) throw new Error('no result');
    return { status: statuses(response)[0] ?? '', code: result.code, message: result.message };
  };
  return {
    backend,
    app,
    fx,
    secretary2,
    token,
    sendFull,
    send: async (username, type, record) => (await sendFull(username, type, record)).status,
    async close() {
      await app.close();
      await backend.destroy();
    },
  };
}
