import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTATIONS, SYNC_ENTITIES, recordKind, type MutationResult, type MutationType, type RecordKind, type RegisteredMutation, type Role, type User } from '../../src/domain';
import { addPairings } from '../../src/server/services/pairings';
import { createUser } from '../../src/server/services/users';
import type { Db } from '../../src/server/storage';
import { FIXTURE_PASSWORD } from './fixtures';
import { backends, loginAs } from './harness';
import { ledgerWorld, type LedgerWorld } from './ledger-support';
import { COMMUNITY_SAMPLES, SAMPLES, type CommunityEntity, type Sample, type SampleContext, type Username } from './registry-samples';
import { outbox, pullAll, push } from './sync-support';

/**
 * Walks the registry of record kinds (src/domain/registry.ts): for every registered mutation type, a sample
 * record (registry-samples.ts) is pushed by users the registry says may not write it, then by one who may;
 * users allowed to read the kind pull it from 0, users who may not never do; and the same record id is
 * delivered again as the kind's idempotency says. The list of types, who writes, who reads, the refusal code,
 * the actor fields, the tables and the idempotency all come from the registry: a kind added there without a
 * sample fails the type-check of SAMPLES, and one whose server behaviour differs from its entry fails here.
 */

const ROLES: readonly Role[] = ['worker', 'secretary', 'admin'];

/** The user of each role who is in scope of the samples' member (m2, m3) and branch (B1); worker2 owns the handovers. */
const IN_SCOPE: Record<Role, Username> = { worker: 'worker2', secretary: 'secretary1', admin: 'admin1' };

/** Users of each role outside the samples' scope, at the kind's level (see registry-samples.ts for who they are). */
function outOfScope(role: Role, level: RecordKind['level']): Username[] {
  // The community's records reach everyone of the community: only the other community is outside.
  if (level === 'community') return role === 'worker' ? ['worker3'] : role === 'secretary' ? ['secretary3'] : ['admin2'];
  if (role === 'worker') return level === 'member' ? ['worker1', 'worker4', 'worker3'] : ['worker4', 'worker3'];
  return role === 'secretary' ? ['secretary2', 'secretary3'] : ['admin2'];
}

/** Everyone of the samples' community, of each role: the readers of its community-level records. */
const OF_COMMUNITY: Record<Role, Username[]> = { worker: ['worker1', 'worker2', 'worker4'], secretary: ['secretary1', 'secretary2'], admin: ['admin1'] };

/** In scope of B1 (through m1) but the owner of none of the samples: for kinds read by their owner. */
const NOT_OWNER: Username = 'worker1';

const USERNAMES: readonly Username[] = ['worker1', 'worker2', 'worker3', 'worker4', 'secretary1', 'secretary2', 'secretary3', 'admin1', 'admin2'];

/** Rows keyed otherwise than by `id` (one policy per branch). */
const KEY_COLUMN: Partial<Record<string, string>> = { dues_policies: 'branch_id' };

/** The record with every field the registry marks as naming who acted made to name the pusher. */
function actedBy(def: RegisteredMutation, record: unknown, userId: string): unknown {
  const copy = { ...(record as Record<string, unknown>) };
  for (const field of def.actors) {
    expect(field.path, 'actor fields are top-level').not.toContain('.');
    copy[field.path] = field.rule === 'self' ? userId : [userId];
  }
  return copy;
}

interface World {
  ledger: LedgerWorld;
  app: FastifyInstance;
  db: Db;
  users: Record<Username, User>;
  /** The session each user pushes with. */
  pushTokens: Record<Username, string>;
  /** A second session of each user (another device), which pulls. */
  readTokens: Record<Username, string>;
}

async function walkWorld(kind: LedgerWorld['backend']['kind']): Promise<World> {
  const ledger = await ledgerWorld(kind);
  const db = ledger.backend.storage.db;
  // A worker of the same community whose only member (m7) has no branch: outside everything of B1 and m2.
  const worker4 = await createUser(db, {
    username: 'worker4',
    password: FIXTURE_PASSWORD,
    displayName: '测试worker4',
    role: 'worker',
    communityId: ledger.fx.community.id,
    branchId: null,
  });
  await addPairings(db, [{ id: randomUUID(), workerId: worker4.id, memberId: ledger.fx.members.m7.id, role: 'primary', since: '2025-01-01T00:00:00.000Z', endedAt: null }]);
  // The other community's secretary: outside everything of this community, its community-level records included.
  const otherBranch = await db.selectFrom('organisations').select('id').where('parent_id', '=', ledger.fx.otherCommunity.id).where('kind', '=', 'branch').executeTakeFirstOrThrow();
  const secretary3 = await createUser(db, {
    username: 'secretary3',
    password: FIXTURE_PASSWORD,
    displayName: '测试secretary3',
    role: 'secretary',
    communityId: ledger.fx.otherCommunity.id,
    branchId: otherBranch.id,
  });
  const { worker1, worker2, worker3, secretary1, admin1, admin2 } = ledger.fx.users;
  const users: Record<Username, User> = { worker1, worker2, worker3, worker4, secretary1, secretary2: ledger.secretary2, secretary3, admin1, admin2 };
  const pushTokens = {} as Record<Username, string>;
  const readTokens = {} as Record<Username, string>;
  for (const name of USERNAMES) {
    pushTokens[name] = await loginAs(ledger.app, name, FIXTURE_PASSWORD);
    readTokens[name] = await loginAs(ledger.app, name, FIXTURE_PASSWORD);
  }
  return { ledger, app: ledger.app, db, users, pushTokens, readTokens };
}

describe.each(backends)('the registry walked on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await walkWorld(kind);
  });
  afterAll(async () => {
    await w?.ledger.close();
  });

  /** One mutation from a fresh device (new client id, new mutation id). */
  async function send(user: Username, type: string, record: unknown): Promise<MutationResult> {
    const device = outbox();
    const response = await push(w.app, w.pushTokens[user], device.clientId, [device.add(type, record)]);
    const [result] = response.results;
    if (!result) throw new Error('no result');
    return result;
  }

  const outcome = (r: MutationResult) => (r.status === 'rejected' ? `rejected:${r.code}` : r.status);

  /** What the server holds of a record: its row's data in the kind's table, and the change log's last version. */
  async function trace(def: RegisteredMutation, id: string): Promise<{ data: string | null; lastVersion: number }> {
    const table = def.kind.serverTable;
    const key = KEY_COLUMN[table] ?? 'id';
    const row = await w.db
      .selectFrom(table as 'visits')
      .select('data')
      .where(key as 'id', '=', id)
      .executeTakeFirst();
    const log = await w.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirstOrThrow();
    return { data: row?.data ?? null, lastVersion: Number(log.v ?? 0) };
  }

  /** The changes of this record a user's other device receives in a pull from 0. */
  async function pulledBy(user: Username, def: RegisteredMutation, id: string) {
    const changes = await pullAll(w.app, w.readTokens[user]);
    return changes.filter((c) => c.entity === def.kind.entity && c.id === id);
  }

  it('has a sample for every registered mutation type, and the kinds name their tables', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(MUTATIONS.map((m) => m.type).sort());
    for (const def of MUTATIONS) expect(def.kind.serverTable, def.type).toMatch(/^[a-z_]+$/);
  });

  const communityKinds = SYNC_ENTITIES.filter((entity) => recordKind(entity).level === 'community') as CommunityEntity[];

  it('has a sample for every community-level kind, and no device may push one', () => {
    expect(Object.keys(COMMUNITY_SAMPLES).sort()).toEqual([...communityKinds].sort());
    for (const entity of communityKinds) expect(recordKind(entity).mutations, entity).toEqual([]);
  });

  describe.each(communityKinds)('%s (community level)', (entity) => {
    it('written by the administrator, reaches every reader of the community on every device, never another community', async () => {
      const kind = recordKind(entity);
      const sample = await COMMUNITY_SAMPLES[entity](w.db, w.users.admin1, w.ledger.fx);
      const stored = await w.db
        .selectFrom(kind.serverTable as 'visits')
        .select('data')
        .where('id', '=', sample.id)
        .executeTakeFirst();
      expect(JSON.parse(stored?.data ?? 'null')).toEqual(sample.record);
      const received = async (user: Username) => (await pullAll(w.app, w.readTokens[user])).filter((c) => c.entity === entity && c.id === sample.id);
      for (const role of ROLES) {
        const readers = kind.read[role] === undefined ? [] : OF_COMMUNITY[role];
        const nonReaders = kind.read[role] === undefined ? [...OF_COMMUNITY[role], ...outOfScope(role, 'community')] : outOfScope(role, 'community');
        for (const user of readers) {
          const changes = await received(user);
          expect(changes.length, `${user} (${role}) did not receive ${entity}`).toBeGreaterThan(0);
          for (const change of changes) expect(change).toMatchObject({ op: 'upsert', data: sample.record });
        }
        for (const user of nonReaders) expect(await received(user), `${user} (${role}) received ${entity}`).toEqual([]);
      }
    });
  });

  describe.each(MUTATIONS.map((def) => [def.type, def] as const))('%s', (type: MutationType, def: RegisteredMutation) => {
    let sample: Sample<MutationType>;
    let applied = false;
    const expected = () => sample.pulled ?? def.schema.parse(sample.record);

    beforeAll(async () => {
      const ctx: SampleContext = {
        fx: w.ledger.fx,
        user: (name) => w.users[name],
        given: async (user, givenType, record) => {
          const result = await send(user, givenType, record);
          if (result.status !== 'applied') throw new Error(`${type}: prerequisite ${givenType} by ${user} was ${outcome(result)} ${result.message ?? ''}`);
        },
      };
      sample = (await SAMPLES[type](ctx)) as Sample<MutationType>;
    });

    it('c. is refused to every user the registry does not let write it, and nothing is stored', async () => {
      const level = def.kind.level;
      const refused: { user: Username; code: string }[] = [];
      for (const role of ROLES) {
        if (!def.writers.includes(role)) {
          // The wrong role, though in scope: the registry's refusal code.
          refused.push({ user: IN_SCOPE[role], code: def.refusal });
          for (const user of outOfScope(role, level)) refused.push({ user, code: def.refusal });
        } else {
          // The right role out of scope: as if the member or branch did not exist.
          for (const user of outOfScope(role, level)) refused.push({ user, code: 'NOT_FOUND' });
        }
      }
      refused.push(...(sample.alsoRefused ?? []));
      expect(refused.map((r) => r.user)).not.toContain(sample.writer);

      const before = await trace(def, sample.id);
      if (def.idempotency === 'immutable') expect(before.data, 'a new record is not stored before it is pushed').toBeNull();
      for (const { user, code } of refused) {
        const result = await send(user, type, actedBy(def, sample.record, w.users[user].id));
        expect(outcome(result), `${type} pushed by ${user}: ${result.message ?? ''}`).toBe(`rejected:${code}`);
        expect(await trace(def, sample.id), `${type} pushed by ${user} stored something`).toEqual(before);
      }
    });

    it('a. is applied for a user allowed to write it, and every role allowed to read it pulls it from 0 on another device', async () => {
      const result = await send(sample.writer, type, sample.record);
      expect(outcome(result), result.message).toBe('applied');
      applied = true;
      const stored = await trace(def, sample.id);
      expect(stored.data).not.toBeNull();
      expect(JSON.parse(stored.data ?? 'null')).toEqual(expected());

      const readers = ROLES.filter((role) => def.kind.read[role] !== undefined);
      expect(readers.length).toBeGreaterThan(0);
      for (const role of readers) {
        // For kinds read by their owner, the in-scope worker (worker2) is the owner of every sample.
        const changes = await pulledBy(IN_SCOPE[role], def, sample.id);
        expect(changes.length, `${IN_SCOPE[role]} (${role}, ${def.kind.read[role]}) did not receive it`).toBeGreaterThan(0);
        for (const change of changes) {
          expect(change.op).toBe('upsert');
          expect(change.data).toEqual(expected());
        }
      }
    });

    it('b. never reaches a user the registry does not let read it (by role, by scope, not the owner)', async () => {
      expect(applied).toBe(true);
      for (const role of ROLES) {
        const access = def.kind.read[role];
        const nonReaders = access === undefined ? [IN_SCOPE[role], ...outOfScope(role, def.kind.level)] : outOfScope(role, def.kind.level);
        if (access === 'own' && role === 'worker') nonReaders.push(NOT_OWNER);
        for (const user of nonReaders) {
          expect(await pulledBy(user, def, sample.id), `${user} (${role}, read: ${access ?? 'none'}) received ${def.kind.entity}`).toEqual([]);
        }
      }
    });

    it('d. the same record again is answered as its idempotency says', async () => {
      expect(applied).toBe(true);
      const before = await trace(def, sample.id);
      if (def.idempotency !== 'transition') {
        expect(sample.other, `${type} needs other content of the same record`).toBeDefined();
        expect(def.schema.safeParse(sample.other).success, 'the other content is itself valid').toBe(true);
      }

      if (def.idempotency === 'immutable') {
        // Other content under the same id: a conflict, never an overwrite.
        const conflict = await send(sample.writer, type, sample.other);
        expect(outcome(conflict), conflict.message).toBe('rejected:CONFLICT');
        expect(await trace(def, sample.id)).toEqual(before);
        const changes = await pulledBy(IN_SCOPE[ROLES.find((role) => def.kind.read[role] !== undefined) ?? 'worker'], def, sample.id);
        for (const change of changes) expect(change.data).toEqual(expected());
      }

      // The very same content from another device (new client id, new mutation id): counted once.
      const again = await send(sample.writer, type, sample.record);
      expect(outcome(again), again.message).toBe('duplicate');
      expect(await trace(def, sample.id)).toEqual(before);

      if (def.idempotency === 'setting') {
        // A newer setting replaces the one before.
        const newer = await send(sample.writer, type, sample.other);
        expect(outcome(newer), newer.message).toBe('applied');
        const after = await trace(def, sample.id);
        expect(JSON.parse(after.data ?? 'null')).toEqual(def.schema.parse(sample.other));
        expect(after.lastVersion).toBeGreaterThan(before.lastVersion);
      }
    });
  });
});
