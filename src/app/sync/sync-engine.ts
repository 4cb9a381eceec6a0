import { PUSH_BATCH_MAX, type MutationEnvelope, type VisitTemplate } from '../../domain';
import { ApiError, toAppErrorCode, type AppErrorCode } from '../api/api-error';
import { getForms } from '../api/forms-api';
import { getPull, postPush, type DeviceReport } from '../api/sync-api';
import { APP_VERSION } from '../app-version';
import type { OutboxRow } from '../db/database';
import { finishRun, forgetClientId, getClientId, getPullPosition, type PullPosition } from '../repositories/meta-repository';
import {
  countUnsent,
  markPendingAgain,
  oldestUnsentAt,
  markSending,
  nextBatch,
  resetSending,
  settleAccepted,
  settleRejected,
} from '../repositories/outbox-repository';
import { applyPulledPage, preparePage, type PreparedPage } from '../repositories/pull-repository';
import { backoffDelay } from './backoff';
import { browserLocks, withSyncLock, type LockRequester } from './sync-lock';

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * idle: nothing to do or waiting for the next trigger · running · waiting: a retry is scheduled after a failure ·
 * login_required: the server refused the session (the outbox waits for the same user) · outdated: the server
 * refuses this version of the app until it is updated.
 */
export type SyncPhase = 'idle' | 'running' | 'waiting' | 'login_required' | 'outdated';

export interface SyncStatus {
  phase: SyncPhase;
  lastError: AppErrorCode | null;
  /** Clock time of the next retry while waiting. */
  nextRetryAt: number | null;
  attempt: number;
}

export type SyncOutcome = 'synced' | 'busy' | 'no_session' | 'retrying' | 'login_required' | 'outdated' | 'wiped';

/**
 * How far the pull of a run has come: changes written to the device so far, of how many in the user's scope
 * (those written plus those the server says remain). A first sync is thousands of them.
 */
export interface PullProgress {
  received: number;
  total: number;
}

export interface SyncEngineOptions {
  getToken: () => string | null;
  clock?: Clock;
  random?: () => number;
  /** undefined: the browser's Web Locks if present; null: this tab only. */
  locks?: LockRequester | null;
  onStatus?: (status: SyncStatus) => void;
  /** As the pull goes: when it begins, then after each page is written. */
  onProgress?: (progress: PullProgress) => void;
  /** After every run. */
  onSettled?: () => void;
  /** A 401: the session store forgets the token and the app asks the same user to log in again. */
  onSessionRejected?: (error: ApiError) => Promise<unknown> | void;
  /** Every request's outcome, so the online indicator follows what the server really answers. */
  onRequestOutcome?: (error?: unknown) => void;
  /**
   * The server asked this device to wipe itself (410 DEVICE_WIPE: marked lost, or its user disabled) and every
   * pending record has been pushed: the device confirms and clears itself (issue 14 §3). Called once per run.
   */
  onWipe?: (token: string) => Promise<void>;
}

/** The server refuses this app version; the wording is in errors and the UpdateBanner offers the new one. */
const CLIENT_OUTDATED_STATUS = 426;
const PAYLOAD_TOO_LARGE_STATUS = 413;
const FORBIDDEN_STATUS = 403;

/** At most this many pages are held at once: the one being written, those waiting, the one on its way. */
const PAGES_IN_HAND = 3;

/** A page checked and turned into rows; `more` when the server has more after it. */
type FetchedPage = PreparedPage & { more: boolean };

/** Where a page request starts: the cursor and scope fingerprint of the answer before it. */
interface PageStart {
  cursor: number;
  scope: string;
}

class StopSync extends Error {
  constructor(readonly outcome: 'login_required' | 'outdated') {
    super(outcome);
  }
}

/** The server wants this device wiped: what is unsent goes first (the push is still accepted), then the wipe. */
class WipeRequested extends Error {
  constructor() {
    super('wipe');
  }
}

function toEnvelope(row: OutboxRow): MutationEnvelope {
  return { id: row.id, seq: row.seq!, type: row.type, record: row.record, createdAt: row.createdAt };
}

/**
 * Pushes the outbox in seq order, then pulls until the server has nothing more. One run at a time per device
 * (the Web Lock); failures that may pass (no signal, 5xx, 429) are retried forever with growing, jittered
 * delays; a refused session or an outdated app stop the engine until the user acts.
 */
export class SyncEngine {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly locks: LockRequester | null;
  private status: SyncStatus = { phase: 'idle', lastError: null, nextRetryAt: null, attempt: 0 };
  private timer: unknown = null;
  private timerDue: number | null = null;
  private running: Promise<SyncOutcome> | null = null;
  private abort = new AbortController();

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.locks = options.locks === undefined ? browserLocks() : options.locks;
  }

  get current(): SyncStatus {
    return this.status;
  }

  /** Runs now, sharing a run already in progress. An explicit trigger (online again, app visible) skips the wait. */
  runNow(): Promise<SyncOutcome> {
    if (this.status.phase === 'outdated') return Promise.resolve('outdated');
    this.cancelTimer();
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Soon, but after a backoff already in force: a new record does not make a dead server come back. */
  schedule(delayMs: number): void {
    if (this.status.phase === 'outdated' || this.status.phase === 'waiting') return;
    this.setTimer(delayMs);
  }

  /** The periodic trigger: a no-op while a retry is scheduled anyway. */
  tick(): void {
    if (this.status.phase === 'idle') void this.runNow();
  }

  /** Logout: no request or write of this engine may land after this. */
  stop(): void {
    this.cancelTimer();
    this.abort.abort();
    this.abort = new AbortController();
    this.setStatus({ phase: 'idle', lastError: null, nextRetryAt: null, attempt: 0 });
  }

  private async run(): Promise<SyncOutcome> {
    const token = this.options.getToken();
    if (token === null) return 'no_session';
    const signal = this.abort.signal;
    const previous = this.status;
    this.setStatus({ ...previous, phase: 'running' });
    let outcome: SyncOutcome;
    try {
      const result = await withSyncLock(this.locks, () => this.cycle(token, signal));
      if (result === 'busy') {
        this.setStatus(previous.phase === 'running' ? { ...previous, phase: 'idle' } : previous);
        // Another tab is syncing the same IndexedDB: this one only needs to show what it finds there.
        this.options.onSettled?.();
        return 'busy';
      }
      this.options.onRequestOutcome?.();
      this.setStatus({ phase: 'idle', lastError: null, nextRetryAt: null, attempt: 0 });
      outcome = 'synced';
    } catch (error) {
      if (signal.aborted) return 'no_session';
      if (error instanceof WipeRequested) {
        try {
          return await this.wipe(token, signal);
        } catch (failure) {
          outcome = await this.fail(failure, previous.attempt);
          this.options.onSettled?.();
          return outcome;
        }
      }
      outcome = await this.fail(error, previous.attempt);
    }
    this.options.onSettled?.();
    return outcome;
  }

  /**
   * Pushes what is still pending — nothing unsent is ever destroyed — and hands over to the wipe only when the
   * outbox holds no pending entry (refused ones the server has already answered). A push that fails leaves the
   * device as it is, to try again on the next run.
   */
  private async wipe(token: string, signal: AbortSignal): Promise<SyncOutcome> {
    await withSyncLock(this.locks, () => this.push(token, signal));
    if ((await nextBatch(1)).length > 0) throw new Error('records still pending before the wipe');
    this.stop();
    await this.options.onWipe?.(token);
    return 'wiped';
  }

  private async fail(error: unknown, attempt: number): Promise<SyncOutcome> {
    this.options.onRequestOutcome?.(error);
    if (error instanceof StopSync) {
      this.setStatus({ phase: error.outcome, lastError: null, nextRetryAt: null, attempt: 0 });
      return error.outcome;
    }
    const next = attempt + 1;
    const delay = backoffDelay(next, this.random);
    this.setStatus({ phase: 'waiting', lastError: toAppErrorCode(error), nextRetryAt: this.clock.now() + delay, attempt: next });
    this.setTimer(delay);
    return 'retrying';
  }

  private async cycle(token: string, signal: AbortSignal): Promise<void> {
    // Independent reads: the outbox (entries a closed tab left 'sending') and where the last pull stopped.
    const [, position] = await Promise.all([resetSending(), getPullPosition()]);
    await this.push(token, signal);
    // What the outbox still holds after the push, reported with the pull (the administrator sees it per device).
    const [clientId, unsent, oldestPendingAt] = await Promise.all([getClientId(), countUnsent(), oldestUnsentAt()]);
    const forms = await this.pull(token, signal, position, { clientId, unsent, oldestPendingAt, appVersion: APP_VERSION });
    const templates = await forms;
    signal.throwIfAborted();
    await finishRun(templates, new Date(this.clock.now()).toISOString());
  }

  private async push(token: string, signal: AbortSignal): Promise<void> {
    // Read once there is something to send (the pull that follows reads it too, to report the device).
    let clientId: string | null = null;
    let batchSize = PUSH_BATCH_MAX;
    for (;;) {
      signal.throwIfAborted();
      const batch = await nextBatch(batchSize);
      if (batch.length === 0) return;
      clientId ??= await getClientId();
      await markSending(batch);
      let answer;
      try {
        answer = await postPush(token, clientId, batch.map(toEnvelope), signal);
      } catch (error) {
        await markPendingAgain(batch);
        // Records with long texts can make a full batch exceed the server's body limit: send fewer at a time.
        if (error instanceof ApiError && error.status === PAYLOAD_TOO_LARGE_STATUS && batch.length > 1) {
          batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        // The server ties a client id to the user who first used it; a fresh id is the way on.
        if (error instanceof ApiError && error.status === FORBIDDEN_STATUS) await forgetClientId();
        throw this.classify(error);
      }
      // The server answered: the online indicator says so now, not only when the whole run is over.
      this.options.onRequestOutcome?.();
      const unanswered: OutboxRow[] = [];
      for (const row of batch) {
        const result = answer.results.find((r) => r.mutationId === row.id);
        if (result === undefined) unanswered.push(row);
        else if (result.status === 'rejected') {
          await settleRejected(row, { code: result.code ?? 'VALIDATION_FAILED', message: result.message ?? '' });
        } else await settleAccepted(row);
      }
      // An entry the server did not answer goes back in line for the next run rather than spinning here.
      if (unanswered.length > 0) {
        await markPendingAgain(unanswered);
        return;
      }
    }
  }

  /**
   * Pages are fetched one after another as fast as they arrive, up to PAGES_IN_HAND ahead of the write, and
   * written in order, each in its own transaction with its cursor: the server and the link work while IndexedDB
   * does. Returns the forms request, sent once the last page has arrived so that it travels while the pages
   * still in hand are written.
   */
  private async pull(token: string, signal: AbortSignal, position: PullPosition, device: DeviceReport): Promise<Promise<VisitTemplate[] | null>> {
    // Pages not yet written, oldest first: the one being written, those that arrived, the one on its way.
    const inHand: Promise<FetchedPage>[] = [];
    // Where the next request starts when a page arrived while the hand was full: once a write makes room.
    let waiting: PageStart | null = null;
    let forms: Promise<VisitTemplate[] | null> | null = null;
    let stopped = false;
    const fetchFrom = (from: number, fingerprint: string | null): void => {
      const page = getPull(token, from, fingerprint, signal, device).then(
        (answer): FetchedPage => {
          // A server that says "more" without moving the cursor would keep a phone pulling forever.
          const more = answer.hasMore && (answer.cursor !== from || answer.reset);
          // The next request goes out first, so that the server works on it while this page is checked.
          arrived({ cursor: answer.cursor, scope: answer.scope }, more);
          // Records are checked as the page arrives, while earlier pages are still being written.
          return { ...preparePage(answer), more };
        },
        (error: unknown) => {
          throw this.classify(error);
        },
      );
      inHand.push(page);
      // Awaited in order by the loop below, or dropped when the run ends early: never an unhandled rejection.
      page.catch(() => undefined);
    };
    const arrived = (next: PageStart, more: boolean): void => {
      if (stopped) return;
      if (!more) {
        forms = this.fetchForms(token, signal);
        // Awaited after the last write, or dropped if a write fails: never an unhandled rejection meanwhile.
        forms.catch(() => undefined);
      } else if (inHand.length < PAGES_IN_HAND) fetchFrom(next.cursor, next.scope);
      else waiting = next;
    };
    // Closures set these while the loop below awaits; read through functions, they keep their declared types.
    const takeWaiting = (): PageStart | null => {
      const page = waiting;
      waiting = null;
      return page;
    };
    const formsRequest = (): Promise<VisitTemplate[] | null> => forms ?? Promise.resolve(null);
    let received = 0;
    this.options.onProgress?.({ received, total: 0 });
    fetchFrom(position.cursor, position.scope);
    try {
      for (;;) {
        const page = await inHand[0]!;
        await applyPulledPage(page, signal);
        inHand.shift();
        received += page.prepared.length;
        this.options.onProgress?.({ received, total: received + (page.more ? page.remaining : 0) });
        const from = takeWaiting();
        if (from) fetchFrom(from.cursor, from.scope);
        if (!page.more) return formsRequest();
      }
    } finally {
      // A failed fetch or write ends the run: nothing more is requested, and what is in flight is dropped.
      stopped = true;
    }
  }

  /** The forms the server serves, or null when they could not be had this time. */
  private async fetchForms(token: string, signal: AbortSignal): Promise<VisitTemplate[] | null> {
    try {
      return await getForms(token, signal);
    } catch (error) {
      // The records are what must not wait: without new forms the cached or built-in ones still serve.
      const classified = this.classify(error);
      if (classified instanceof StopSync) throw classified;
      return null;
    }
  }

  private classify(error: unknown): unknown {
    if (error instanceof ApiError) {
      if (error.code === 'DEVICE_WIPE') return new WipeRequested();
      if (error.isSessionRejected) {
        void this.options.onSessionRejected?.(error);
        return new StopSync('login_required');
      }
      if (error.status === CLIENT_OUTDATED_STATUS) return new StopSync('outdated');
    }
    return error;
  }

  private setTimer(delayMs: number): void {
    const due = this.clock.now() + delayMs;
    if (this.timer !== null && this.timerDue !== null && this.timerDue <= due) return;
    this.cancelTimer();
    this.timerDue = due;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerDue = null;
      void this.runNow();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = null;
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    this.options.onStatus?.(status);
  }
}
