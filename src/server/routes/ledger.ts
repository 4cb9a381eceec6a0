import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BranchLedgerResponse, Id, MonthReconciliationResponse, YearMonth, monthIndex, DomainError } from '../../domain';
import { currentUser, requireAuth } from '../http/auth';
import { appSource } from '../http/audit-source';
import { membersOf, recordView } from '../services/audit';
import { route } from '../http/route';
import { branchLedger, monthReconciliation } from '../services/ledger';
import type { Storage } from '../storage';

/** A ledger spans at most this many months: two years side by side is the most a secretary compares. */
const MAX_LEDGER_MONTHS = 36;

const valid = (...months: unknown[]) => months.every((m) => YearMonth.safeParse(m).success);

const BranchParams = z.object({ branchId: Id });
const LedgerQuery = z
  .object({ from: YearMonth, to: YearMonth, asOf: YearMonth.optional() })
  // zod runs these even when a field failed above, so they only look at valid months.
  .refine((q) => !valid(q.from, q.to) || q.from <= q.to, { path: ['to'], error: '截止月份不能早于起始月份' })
  .refine((q) => !valid(q.from, q.to) || monthIndex(q.to) - monthIndex(q.from) < MAX_LEDGER_MONTHS, {
    path: ['to'],
    error: `一次最多查询 ${MAX_LEDGER_MONTHS} 个月`,
  });
const ReconciliationQuery = z.object({ month: YearMonth });

/** The query's own names in Chinese, so a 400 says 起始月份 rather than from. */
const LABELS: Record<string, string> = { branchId: '党支部', from: '起始月份', to: '截止月份', asOf: '截至月份', month: '月份' };

/** The whole refusal reads as its fields' problems, e.g. 截止月份：截止月份不能早于起始月份. */
function invalidQuery(issues: readonly z.core.$ZodIssue[]): DomainError {
  const details = issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const label = LABELS[path] ?? path;
    return { path, message: label ? `${label}：${issue.message}` : issue.message };
  });
  return new DomainError('VALIDATION_FAILED', { message: details.map((d) => d.message).join('；'), details });
}

/**
 * The branch's books computed on the server from the database, for the tablet when online and for checks:
 * the branch secretary or an admin of its community; anyone else gets 404 as for an unknown branch.
 */
export function ledgerRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/branches/:branchId/ledger',
      { preHandler: requireAuth(storage.db) },
      route(
        { params: BranchParams, query: LedgerQuery, response: BranchLedgerResponse, invalid: invalidQuery },
        async ({ params, query, request }) => {
          const user = currentUser(request);
          const ledger = await branchLedger(storage.db, user, params.branchId, query);
          const { memberId, details } = membersOf(ledger.members.map((m) => m.memberId));
          await recordView(storage.db, user, appSource(request), { kind: 'branch_ledger', recordId: params.branchId, memberId, details: { ...details, from: query.from, to: query.to } });
          return ledger;
        },
      ),
    );
    app.get(
      '/api/branches/:branchId/reconciliation',
      { preHandler: requireAuth(storage.db) },
      route(
        { params: BranchParams, query: ReconciliationQuery, response: MonthReconciliationResponse, invalid: invalidQuery },
        async ({ params, query, request }) => {
          const user = currentUser(request);
          const reconciliation = await monthReconciliation(storage.db, user, params.branchId, query.month);
          const { memberId, details } = membersOf(reconciliation.byMember.map((m) => m.memberId));
          await recordView(storage.db, user, appSource(request), { kind: 'branch_ledger', recordId: params.branchId, memberId, details: { ...details, month: query.month } });
          return reconciliation;
        },
      ),
    );
  };
}
