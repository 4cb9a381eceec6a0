import {
  computePlan,
  type Campaign,
  type FollowUpClosure,
  type Member,
  type MemberEvent,
  type PlanItem,
  type Visit,
  type VisitSettings,
} from '../../domain';
import { PLAN_TABLES, onPlanRowsChanged, readPlanRows, type PlanChanges, type PlanRow, type PlanTable } from '../repositories/plan-repository';

type MemberRecord = Visit | MemberEvent | FollowUpClosure;
type MemberTable = 'visits' | 'memberEvents' | 'followUpClosures';

/** One kind of a member's records, grouped by member, with each record's member to move or drop it. */
class ByMember<T extends MemberRecord> {
  readonly of = new Map<string, Map<string, T>>();
  private readonly owner = new Map<string, string>();

  /** Sets (or, with null, removes) a record; returns the members whose records changed. */
  set(id: string, record: T | null): string[] {
    const before = this.owner.get(id);
    if (before !== undefined) {
      this.of.get(before)?.delete(id);
      this.owner.delete(id);
    }
    if (record === null) return before === undefined ? [] : [before];
    let list = this.of.get(record.memberId);
    if (!list) this.of.set(record.memberId, (list = new Map()));
    list.set(id, record);
    this.owner.set(id, record.memberId);
    return before === undefined || before === record.memberId ? [record.memberId] : [before, record.memberId];
  }

  has(id: string): boolean {
    return this.owner.has(id);
  }

  clear(): void {
    this.of.clear();
    this.owner.clear();
  }

  list(memberId: string): T[] {
    const records = this.of.get(memberId);
    return records ? [...records.values()] : [];
  }

  all(): T[] {
    const out: T[] = [];
    for (const records of this.of.values()) for (const record of records.values()) out.push(record);
    return out;
  }
}

/** A record the server has or will have: refused ones resolved nothing (repositories/counted.ts). */
function counted<T>(row: PlanRow | undefined): T | null {
  return row !== undefined && row.syncState !== 'rejected' ? (row.payload as T) : null;
}

/**
 * The worker's plan kept up to date on the device (docs/DOMAIN.md §4) without reading every store again on every
 * write: it loads the plan's stores once, then follows the rows written or deleted (onPlanRowsChanged) and reads
 * only those. Each member's items depend on that member's records alone (and the community's campaigns and
 * settings), so a visit recorded recomputes that member's items with the domain's computePlan; a change of
 * campaigns, settings or the day recomputes everyone. No Vue here: the plan store wraps it, the bench runs it bare.
 */
export class PlanTracker {
  private readonly members = new Map<string, Member>();
  private readonly records = {
    visits: new ByMember<Visit>(),
    memberEvents: new ByMember<MemberEvent>(),
    followUpClosures: new ByMember<FollowUpClosure>(),
  } satisfies Record<MemberTable, ByMember<MemberRecord>>;
  private readonly campaigns = new Map<string, Campaign>();
  private readonly settings = new Map<string, VisitSettings>();
  private readonly itemsOf = new Map<string, PlanItem[]>();
  private flat: PlanItem[] | null = null;

  private pending: PlanChanges = new Map();
  private pump: Promise<void> | null = null;
  private paused = false;
  private stopListening: (() => void) | null = null;
  private generation = 0;

  constructor(
    private today: string,
    /** Called after every change of the plan (the items, or the members they name). */
    private readonly onUpdate: () => void,
  ) {}

  /** Starts following the device and loads everything once; resolves when the first plan is computed. */
  start(): Promise<void> {
    if (this.stopListening === null) this.stopListening = onPlanRowsChanged((changes) => this.queue(changes));
    this.queue(new Map(PLAN_TABLES.map((table) => [table, 'all'])));
    return this.settled();
  }

  /** Stops following and forgets everything (a logout, a user who is not a worker). */
  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
    this.generation++;
    this.pending = new Map();
    this.pump = null;
    this.members.clear();
    for (const records of Object.values(this.records)) records.clear();
    this.campaigns.clear();
    this.settings.clear();
    this.itemsOf.clear();
    this.flat = null;
    this.onUpdate();
  }

  /** While a pull of many pages runs, changes wait and are read once at its end (resume). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  setToday(today: string): void {
    if (today === this.today) return;
    this.today = today;
    this.recompute('all');
  }

  /** Resolves once every change seen so far is in the plan. */
  async settled(): Promise<void> {
    while (this.pump !== null) await this.pump;
  }

  items(): PlanItem[] {
    if (this.flat === null) this.flat = [...this.itemsOf.values()].flat();
    return this.flat;
  }

  /** Whether a visit is in the plan's records (the bench waits for the one it wrote). */
  hasVisit(id: string): boolean {
    return this.records.visits.has(id);
  }

  memberList(): Member[] {
    return [...this.members.values()];
  }

  private queue(changes: PlanChanges): void {
    for (const [table, ids] of changes) {
      const held = this.pending.get(table);
      if (held === 'all' || ids === 'all') this.pending.set(table, 'all');
      else if (held) for (const id of ids) held.add(id);
      else this.pending.set(table, new Set(ids));
    }
    this.kick();
  }

  private kick(): void {
    if (this.pump !== null || this.paused || this.pending.size === 0) return;
    const generation = this.generation;
    let failed = false;
    this.pump = this.drain(generation)
      .catch((error: unknown) => {
        // Read again in full with the next change; retrying at once would spin on a database that is closing.
        failed = true;
        for (const table of PLAN_TABLES) this.pending.set(table, 'all');
        console.error('plan update failed', error);
      })
      .finally(() => {
        if (generation !== this.generation) return;
        this.pump = null;
        if (!failed) this.kick();
      });
  }

  /** Reads what changed, applies it and recomputes the members it touched; changes arriving meanwhile queue. */
  private async drain(generation: number): Promise<void> {
    const work = this.pending;
    this.pending = new Map();
    const reads = await Promise.all(
      [...work].map(async ([table, ids]) => {
        const list: string[] | 'all' = ids === 'all' ? 'all' : [...ids];
        return { table, ids: list, rows: await readPlanRows(table, list) };
      }),
    );
    if (generation !== this.generation) return;
    let affected: Set<string> | 'all' = new Set();
    for (const { table, ids, rows } of reads) {
      const touched = this.apply(table, ids, rows);
      if (touched === 'all' || affected === 'all') affected = 'all';
      else for (const id of touched) affected.add(id);
    }
    this.recompute(affected);
  }

  private apply(table: PlanTable, ids: string[] | 'all', rows: (PlanRow | undefined)[]): Set<string> | 'all' {
    if (ids === 'all') {
      this.clearTable(table);
      for (const row of rows) if (row) this.applyRow(table, row.id, row);
      return 'all';
    }
    const touched = new Set<string>();
    ids.forEach((id, i) => {
      const result = this.applyRow(table, id, rows[i]);
      if (result === 'all') touched.add('*');
      else for (const memberId of result) touched.add(memberId);
    });
    return touched.has('*') ? 'all' : touched;
  }

  private clearTable(table: PlanTable): void {
    if (table === 'members') this.members.clear();
    else if (table === 'campaigns') this.campaigns.clear();
    else if (table === 'visitSettings') this.settings.clear();
    else this.records[table].clear();
  }

  /** Applies one row as it now stands (undefined: deleted); returns the members to recompute, or 'all'. */
  private applyRow(table: PlanTable, id: string, row: PlanRow | undefined): string[] | 'all' {
    switch (table) {
      case 'members': {
        const member = row?.payload as Member | undefined;
        if (member) this.members.set(id, member);
        else this.members.delete(id);
        return [id];
      }
      case 'campaigns': {
        const campaign = row?.payload as Campaign | undefined;
        if (campaign) this.campaigns.set(id, campaign);
        else this.campaigns.delete(id);
        return 'all';
      }
      case 'visitSettings': {
        const values = row?.payload as VisitSettings | undefined;
        if (values) this.settings.set(id, values);
        else this.settings.delete(id);
        return 'all';
      }
      default:
        return (this.records[table] as ByMember<MemberRecord>).set(id, counted<MemberRecord>(row));
    }
  }

  /** The domain's plan for these members (or everyone), each member's items replacing the ones before. */
  private recompute(affected: Set<string> | 'all'): void {
    const members = affected === 'all' ? [...this.members.values()] : [...affected].flatMap((id) => this.members.get(id) ?? []);
    if (affected === 'all') this.itemsOf.clear();
    else for (const id of affected) this.itemsOf.delete(id);
    if (members.length > 0) {
      const everyone = affected === 'all';
      const of = <T extends MemberRecord>(records: ByMember<T>): T[] => (everyone ? records.all() : members.flatMap((m) => records.list(m.id)));
      const items = computePlan({
        today: this.today,
        members,
        visits: of(this.records.visits),
        events: of(this.records.memberEvents),
        closures: of(this.records.followUpClosures),
        campaigns: [...this.campaigns.values()],
        settings: [...this.settings.values()],
      });
      for (const member of members) this.itemsOf.set(member.id, []);
      for (const item of items) this.itemsOf.get(item.memberId)!.push(item);
    }
    this.flat = null;
    this.onUpdate();
  }
}
