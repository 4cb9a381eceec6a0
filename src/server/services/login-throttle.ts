import { DomainError } from '../../domain';
import type { Db, LoginThrottleTable } from '../storage/tables';

/**
 * Failed logins counted per client address across usernames (password spraying: one address trying many
 * accounts) and per account across addresses (one account tried from many), each with waits that grow
 * (docs/DOMAIN.md §6). Written by hand rather than with @fastify/rate-limit, which the login used before: that
 * counts every request in memory, per process, so it could not count failures only (an office behind one
 * address signs in many people each morning), forgive an account on its user's successful login, double a wait,
 * or be shared by servers on one PostgreSQL and survive a restart.
 *
 * An attempt is counted as failed *before* the password is checked, under a row lock, and given back when the
 * password was right: so a burst of parallel attempts cannot all slip through before the first is counted.
 */
export interface LoginThrottlePolicy {
  /** Failures one client address may have (across usernames) before it waits: LOGIN_RATE_LIMIT. */
  addressLimit: number;
  /** Failures one account may have (from any address) before it waits: LOGIN_ACCOUNT_LIMIT. */
  accountLimit: number;
  /** The first wait, doubled by each further failure: LOGIN_RATE_WINDOW_MINUTES. */
  windowMs: number;
}

/** Waits grow no longer than this (or the window, if that is set longer): an account is not locked for days. */
const MAX_WAIT_MS = 60 * 60_000;
/** An account's count is forgotten after a day without failures (its user's successful login forgets it at once). */
const ACCOUNT_FORGET_MS = 24 * 60 * 60_000;
const NEVER = '1970-01-01T00:00:00.000Z';

interface Counter {
  key: string;
  limit: number;
  /** Quiet time (after the last failure, or after the wait it caused) after which the count starts again. */
  forgetMs: number;
}

/** What a successful login gives back: the address's provisional failure, and the account's whole count. */
export interface LoginClaim {
  addressKey: string;
  accountKey: string;
  /** The address row's wait before this attempt, restored when the attempt turns out to be no failure. */
  addressBlockedBefore: string | null;
  addressBlockedByThis: string | null;
}

export function addressKey(address: string): string {
  return `address:${address}`;
}

export function accountKey(normalisedUsername: string): string {
  return `account:${normalisedUsername}`;
}

/** The wait caused by a failure `beyond` failures past the limit (0: the failure that reached it). */
export function waitAfter(policy: LoginThrottlePolicy, beyond: number): number {
  const cap = Math.max(MAX_WAIT_MS, policy.windowMs);
  return Math.min(policy.windowMs * 2 ** Math.min(beyond, 30), cap);
}

/** The row as it counts now: a count left quiet for `forgetMs` counts as none. */
function current(row: LoginThrottleTable, forgetMs: number, now: number): { failures: number; blockedUntil: string | null } {
  const quietSince = Math.max(Date.parse(row.last_failure_at), row.blocked_until === null ? 0 : Date.parse(row.blocked_until));
  if (row.failures === 0 || now - quietSince > forgetMs) return { failures: 0, blockedUntil: null };
  return { failures: row.failures, blockedUntil: row.blocked_until };
}

/** The row, created when missing, locked until the transaction ends (PostgreSQL; SQLite's transaction is exclusive). */
async function lockRow(trx: Db, key: string): Promise<LoginThrottleTable> {
  return trx
    .insertInto('login_throttle')
    .values({ key, failures: 0, last_failure_at: NEVER, blocked_until: null })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb.ref('login_throttle.failures') })))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Refuses RATE_LIMITED (with the seconds to wait) while the address or the account waits; otherwise counts the
 * attempt as a failure of both, setting the wait it causes, and returns what settleSuccess needs to undo that.
 */
export async function claimLoginAttempt(db: Db, policy: LoginThrottlePolicy, who: { address: string; username: string }): Promise<LoginClaim> {
  const counters: Counter[] = [
    { key: addressKey(who.address), limit: policy.addressLimit, forgetMs: policy.windowMs },
    { key: accountKey(who.username), limit: policy.accountLimit, forgetMs: ACCOUNT_FORGET_MS },
  ];
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    // Always the address first, then the account: two logins never wait on each other's locks in a circle.
    const states = [];
    for (const counter of counters) states.push(current(await lockRow(trx, counter.key), counter.forgetMs, now));
    const waitUntil = Math.max(...states.map((s) => (s.blockedUntil === null ? 0 : Date.parse(s.blockedUntil))));
    if (waitUntil > now) {
      throw new DomainError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - now) / 1000)) });
    }
    const blockedAfter: (string | null)[] = [];
    for (const [i, counter] of counters.entries()) {
      const state = states[i]!;
      const failures = state.failures + 1;
      const blockedUntil = failures >= counter.limit ? new Date(now + waitAfter(policy, failures - counter.limit)).toISOString() : null;
      blockedAfter.push(blockedUntil);
      await trx
        .updateTable('login_throttle')
        .set({ failures, last_failure_at: nowIso, blocked_until: blockedUntil })
        .where('key', '=', counter.key)
        .execute();
    }
    return {
      addressKey: counters[0]!.key,
      accountKey: counters[1]!.key,
      addressBlockedBefore: states[0]!.blockedUntil,
      addressBlockedByThis: blockedAfter[0] ?? null,
    };
  });
}

/**
 * The password was right: the account's count is forgotten, and the address gets back the failure counted for
 * this attempt (its other failures stay: a good login of one account does not clear a spray of others).
 */
export async function settleLoginSuccess(db: Db, claim: LoginClaim): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_throttle').where('key', '=', claim.accountKey).execute();
    const row = await lockRow(trx, claim.addressKey);
    const failures = Math.max(0, row.failures - 1);
    // Only the wait this attempt set is taken back; one set meanwhile by another attempt stays.
    const blockedUntil = row.blocked_until === claim.addressBlockedByThis ? claim.addressBlockedBefore : row.blocked_until;
    if (failures === 0 && blockedUntil === null) await trx.deleteFrom('login_throttle').where('key', '=', claim.addressKey).execute();
    else await trx.updateTable('login_throttle').set({ failures, blocked_until: blockedUntil }).where('key', '=', claim.addressKey).execute();
    // Counts nobody has added to for a day are over; dropped here so the table does not grow with every address.
    const stale = new Date(Date.now() - ACCOUNT_FORGET_MS - MAX_WAIT_MS).toISOString();
    await trx.deleteFrom('login_throttle').where('last_failure_at', '<', stale).execute();
  });
}

/** A new password set by an administrator or the CLI lifts the account's wait (its owner may sign in at once). */
export async function forgetAccount(db: Db, normalisedUsername: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', accountKey(normalisedUsername)).execute();
}
