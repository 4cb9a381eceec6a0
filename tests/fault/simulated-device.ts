import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import {
  DEFAULT_DUES_POLICY,
  PROTOCOL_HEADER,
  SYNC_PROTOCOL_VERSION,
  monthlyDuesFen,
  type DuesAssessment,
  type DuesPayment,
  type DuesPolicy,
  type Member,
  type Mutation,
  type PushResponse,
  type Visit,
} from '../../src/domain';

/**
 * A device that speaks the sync protocol the way the app does — ordered outbox, retry until every entry is
 * settled — but in Node, so that thousands of mutations can cross a faulty network in seconds.
 */

interface HttpAnswer {
  status: number;
  body: unknown;
}

/** A fresh connection per request (no keep-alive), so each request meets its own network fault. */
function call(port: number, method: string, path: string, token: string | null, body?: unknown): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        timeout: 10_000,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch (error) {
            reject(error);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface DeviceReport {
  pushes: number;
  networkFailures: number;
  serverErrors: number;
  replays: number;
  rejected: { mutationId: string | null; code?: string; message?: string }[];
  /** Σ amount of the payments this device created, per member. */
  paidByMember: Map<string, number>;
  visits: number;
  payments: number;
}

export class SimulatedDevice {
  readonly clientId = randomUUID();
  private token: string | null = null;
  private userId = '';
  private readonly outbox: Mutation[] = [];
  private nextSeq = 1;
  readonly report: DeviceReport = {
    pushes: 0,
    networkFailures: 0,
    serverErrors: 0,
    replays: 0,
    rejected: [],
    paidByMember: new Map(),
    visits: 0,
    payments: 0,
  };

  constructor(
    private readonly port: number,
    private readonly username: string,
    private readonly password: string,
    private readonly random: () => number,
  ) {}

  /** Retries through any fault until the call got an HTTP answer. */
  private async reliably(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await call(this.port, method, path, this.token, body);
        if (answer.status === 401 && path !== '/api/auth/login') {
          await this.logIn();
          continue;
        }
        if (answer.status >= 500) {
          this.report.serverErrors++;
          throw new Error(`HTTP ${answer.status}`);
        }
        return answer;
      } catch {
        this.report.networkFailures++;
        // Full jitter, capped low: the test wants many attempts, not long waits.
        await new Promise((r) => setTimeout(r, this.random() * Math.min(400, 10 * 2 ** Math.min(attempt, 6))));
      }
    }
  }

  async logIn(): Promise<void> {
    this.token = null;
    const answer = await this.reliably('POST', '/api/auth/login', { username: this.username, password: this.password });
    if (answer.status !== 200) throw new Error(`login of ${this.username} failed: ${JSON.stringify(answer.body)}`);
    const body = answer.body as { token: string; user: { id: string } };
    this.token = body.token;
    this.userId = body.user.id;
  }

  /** The members in scope, and the 核定 and policies a payment's amount is computed from: one pull from 0. */
  async loadScope(): Promise<{ members: Member[]; assessments: DuesAssessment[]; policies: DuesPolicy[] }> {
    const members: Member[] = [];
    const assessments: DuesAssessment[] = [];
    const policies: DuesPolicy[] = [];
    for (let cursor = 0; ; ) {
      const answer = await this.reliably('GET', `/api/sync/pull?cursor=${cursor}&limit=1000`);
      const page = answer.body as { changes: { entity: string; op: string; data: unknown }[]; cursor: number; hasMore: boolean };
      for (const change of page.changes) {
        if (change.op !== 'upsert') continue;
        // Members come through the same pull as everything else (one sync path).
        if (change.entity === 'member') members.push(change.data as Member);
        if (change.entity === 'dues_assessment') assessments.push(change.data as DuesAssessment);
        if (change.entity === 'dues_policy') policies.push(change.data as DuesPolicy);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return { members, assessments, policies };
  }

  /** Queues `count` mutations: phone visits to anyone in scope and dues payments where this branch collects. */
  async record(count: number): Promise<void> {
    const { members, assessments, policies } = await this.loadScope();
    const payable = members.filter((m) => m.isPartyMember && m.branchId && assessments.some((a) => a.memberId === m.id && a.channel === 'this_branch'));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(this.random() * items.length)]!;
    for (let i = 0; i < count; i++) {
      const now = new Date().toISOString();
      if (payable.length > 0 && this.random() < 0.4) {
        const member = pick(payable);
        const policy = policies.find((p) => p.branchId === member.branchId) ?? { ...DEFAULT_DUES_POLICY, branchId: member.branchId! };
        const first = 1 + Math.floor(this.random() * 10);
        const span = 1 + Math.floor(this.random() * Math.min(3, policy.maxMonthsPerPayment));
        const months = Array.from({ length: span }, (_, k) => `2026-${String(Math.min(12, first + k)).padStart(2, '0')}`);
        const unique = [...new Set(months)];
        let amountFen = 0;
        const allocation: { month: string; amountFen: number }[] = [];
        for (const month of unique) {
          const terms = assessments
            .filter((a) => a.memberId === member.id && a.effectiveFrom <= month)
            .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]!;
          const monthly = monthlyDuesFen(terms, policy) ?? 0;
          allocation.push({ month, amountFen: monthly });
          amountFen += monthly;
        }
        const payment: DuesPayment = {
          id: randomUUID(), memberId: member.id, branchId: member.branchId!, kind: 'payment', reverses: null, months: unique,
          allocation, voluntaryFen: 0, amountFen, method: 'cash', receiptRef: '', paidBy: { kind: 'self' }, collectedBy: this.userId, recordedAt: now,
        };
        this.enqueue({ type: 'dues.record', record: payment });
        this.report.payments++;
        this.report.paidByMember.set(member.id, (this.report.paidByMember.get(member.id) ?? 0) + amountFen);
      } else {
        const visit: Visit = {
          id: randomUUID(), memberId: pick(members).id, visitorIds: [this.userId], type: 'phone', occurredAt: now, outcome: 'met',
          templateId: 'phone', templateVersion: 1, livingSituation: '', homeSafety: null, needs: [], solvedOnSpot: '', followUps: [],
          itemsDelivered: [], notes: `第 ${i + 1} 次电话联系`, amends: null, recordedAt: now, campaignId: null,
        };
        this.enqueue({ type: 'visit.submit', record: visit });
        this.report.visits++;
      }
    }
  }

  private enqueue(body: Pick<Mutation, 'type' | 'record'>): void {
    this.outbox.push({ ...body, id: randomUUID(), seq: this.nextSeq++, createdAt: new Date().toISOString() } as Mutation);
  }

  get pending(): number {
    return this.outbox.length;
  }

  /** Pushes the outbox in order until every entry is settled; now and then replays a settled batch. */
  async drain(batchSize: number, onSettled: (n: number) => void): Promise<void> {
    while (this.outbox.length > 0) {
      const batch = this.outbox.slice(0, batchSize);
      this.report.pushes++;
      const answer = await this.reliably('POST', '/api/sync/push', { clientId: this.clientId, mutations: batch });
      if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const { results } = answer.body as PushResponse;
      const settled = new Set<string>();
      for (const result of results) {
        if (result.status === 'rejected') this.report.rejected.push(result);
        if (result.mutationId) settled.add(result.mutationId);
      }
      const before = this.outbox.length;
      this.outbox.splice(0, this.outbox.length, ...this.outbox.filter((m) => !settled.has(m.id)));
      onSettled(before - this.outbox.length);
      if (this.random() < 0.05) {
        // A device that lost its own record of the answer sends the same batch again.
        this.report.replays++;
        const replay = await this.reliably('POST', '/api/sync/push', { clientId: this.clientId, mutations: batch });
        for (const result of (replay.body as PushResponse).results) {
          if (result.status !== 'duplicate') this.report.rejected.push({ ...result, code: `replay answered ${result.status}` });
        }
      }
    }
  }
}
