import type { PushRequest, PushResponse, User } from '../../domain';
import type { Db } from '../storage/tables';
import { pushTogether, type PushJob, type PushOptions, type RejectionLog } from './sync-push';

/** A group stops growing at this many mutations; the pushes beyond it wait for the next transaction. */
const GROUP_MUTATION_LIMIT = 2_000;
/** How long a group may keep gathering pushes that are still arriving. */
const GATHER_MS = 2;

interface Waiting {
  job: PushJob;
  resolve(response: PushResponse): void;
  reject(error: unknown): void;
}

/**
 * Group commit for pushes. Pushes are serialised anyway (each takes the version counter's lock first), so
 * rather than queueing 300 simultaneous pushes on the lock and paying a transaction and a commit for each,
 * the pushes that arrive while one transaction runs wait here and then go into the next transaction
 * together, in arrival order (pushTogether: each is answered exactly as if it had been applied alone, and
 * only after the commit). The first push after a quiet moment waits one turn of the event loop, so that the
 * requests that arrived with it join it.
 */
export class PushQueue {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly options?: PushOptions,
  ) {}

  push(user: User, request: PushRequest, log: RejectionLog, address: string | null = null): Promise<PushResponse> {
    return new Promise<PushResponse>((resolve, reject) => {
      this.waiting.push({ job: { user, request, log, address }, resolve, reject });
      if (!this.running) {
        this.running = true;
        this.gather(performance.now());
      }
    });
  }

  /**
   * Lets the event loop turn (reading the sockets that are ready) while that brings more pushes, for at most
   * GATHER_MS, then applies what has arrived. A push alone waits two turns; pushes arriving together — over
   * a few turns, as requests are read from their connections — go into one transaction.
   */
  private gather(since: number, count = 0): void {
    setImmediate(() => {
      const arrived = this.waiting.length;
      if (arrived > count && performance.now() - since < GATHER_MS && this.waitingMutations() < GROUP_MUTATION_LIMIT) this.gather(since, arrived);
      else void this.drain();
    });
  }

  private waitingMutations(): number {
    let mutations = 0;
    for (const waiting of this.waiting) mutations += waiting.job.request.mutations.length;
    return mutations;
  }

  /** Applies the pushes waiting now as one group; then, after a turn of the event loop, the next group. */
  private async drain(): Promise<void> {
    let mutations = 0;
    let size = 0;
    while (size < this.waiting.length && (size === 0 || mutations + this.waiting[size]!.job.request.mutations.length <= GROUP_MUTATION_LIMIT)) {
      mutations += this.waiting[size]!.job.request.mutations.length;
      size++;
    }
    const group = this.waiting.splice(0, size);
    try {
      const outcomes = await pushTogether(this.db, group.map((w) => w.job), this.options);
      for (const [index, waiting] of group.entries()) {
        const outcome = outcomes[index];
        if (outcome?.ok) waiting.resolve(outcome.response);
        else waiting.reject(outcome ? outcome.error : new Error('push not settled'));
      }
    } catch (error) {
      // pushTogether does not throw; should it ever, no push of the group is left without an answer.
      for (const waiting of group) waiting.reject(error);
    }
    // The requests that were waiting for the database meanwhile (their sign-in check) join the next group
    // rather than each making a group of its own.
    if (this.waiting.length > 0) this.gather(performance.now());
    else this.running = false;
  }
}
