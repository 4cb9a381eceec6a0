import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DoorstepDatabase, SCOPE_BEFORE_V5 } from '../../src/app/db/database';
import { SYNC_ENTITIES, recordKind } from '../../src/domain';
import { ORGANISATIONS, ROSTER, loginResponse } from './support/fixtures';

const NAME = 'doorstep-upgrade-test';
/** The version DoorstepDatabase declares last: every upgrade below ends there. */
const CURRENT_VERSION = 7;

afterEach(async () => {
  await Dexie.delete(NAME);
});

describe('database schema', () => {
  it('upgrades a version 1 device with a session and roster to the current version, keeping both', async () => {
    // The schema exactly as version 1 shipped it.
    const v1 = new Dexie(NAME);
    v1.version(1).stores({
      session: 'key',
      members: 'id, branchId, status, walkKey',
      pairings: 'id, memberId',
      stagedMembers: 'id',
      stagedPairings: 'id',
      syncState: 'key',
    });
    const login = loginResponse();
    await v1.table('session').put({ key: 'current', ...login, organisations: ORGANISATIONS, savedAt: '2026-01-06T01:00:00.000Z' });
    await v1.table('members').bulkPut(
      ROSTER.map((member) => ({
        id: member.id,
        branchId: member.branchId,
        status: member.status,
        walkKey: member.id,
        birthDate: member.birthDate,
        updatedAt: member.updatedAt,
        payload: member,
      })),
    );
    await v1.table('syncState').put({ key: 'roster', ownerUserId: login.user.id, syncedAt: '2026-01-06T01:15:00.000Z', total: ROSTER.length });
    v1.close();

    const v2 = new DoorstepDatabase(NAME);
    await v2.open();
    expect(v2.verno).toBe(CURRENT_VERSION);
    expect((await v2.session.get('current'))?.token).toBe(login.token);
    expect(await v2.members.count()).toBe(ROSTER.length);
    expect(await v2.outbox.count()).toBe(0);
    // The roster came from version 1's download: the first pull asks with a scope no server has, to be replayed.
    expect((await v2.meta.get('scope'))?.value).toBe(SCOPE_BEFORE_V5);
    expect(v2.tables.map((table) => table.name).sort()).toEqual(
      [
        'consents',
        'duesAssessments',
        'duesPayments',
        'duesPolicies',
        'forms',
        'healthNotes',
        // Version 7: the wrapped data key.
        'keyring',
        'members',
        'meta',
        'outbox',
        'pairings',
        'session',
        'visitDrafts',
        'visits',
        // Version 3: the secretary's ledger records.
        'arrearsExcuses',
        'attendance',
        'cashHandovers',
        'duesAdjustments',
        'duplicateResolutions',
        'evaluations',
        'handoverConfirmations',
        'meetings',
        'monthCloses',
        'remittances',
        // Version 6: the plan's records.
        'visitSettings',
        'campaigns',
        'memberEvents',
        'followUpClosures',
      ].sort(),
    );
    v2.close();
  });

  it('upgrades a version 2 device with unsent records to the current version: the outbox and its records come through untouched', async () => {
    // Version 2's new stores exactly as they shipped (version 1's are unchanged by it).
    const v2 = new Dexie(NAME);
    v2.version(1).stores({ session: 'key', members: 'id, branchId, status, walkKey', pairings: 'id, memberId', stagedMembers: 'id', stagedPairings: 'id', syncState: 'key' });
    v2.version(2).stores({
      outbox: '++seq, &id, state, recordId, memberId',
      visits: 'id, memberId, at, syncState',
      visitDrafts: 'memberId',
      consents: 'id, memberId, syncState',
      healthNotes: 'id, memberId, at, syncState',
      duesPayments: 'id, memberId, at, syncState',
      duesAssessments: 'id, memberId, branchId, effectiveFrom',
      duesPolicies: 'id, branchId',
      forms: '[id+version], id',
      meta: 'key',
    });
    const memberId = ROSTER[0]!.id;
    const record = { id: '00000000-0000-4000-8000-00000000a001', memberId, months: ['2026-03'], amountFen: 2500 };
    await v2.table('duesPayments').put({ id: record.id, memberId, at: '2026-03-02T01:50:00.000Z', syncState: 'pending', rejection: null, payload: record });
    await v2.table('outbox').add({
      id: '00000000-0000-4000-8000-00000000b001',
      type: 'dues.record',
      record,
      createdAt: '2026-03-02T01:50:00.000Z',
      state: 'pending',
      attempts: 2,
      lastError: null,
      recordId: record.id,
      memberId,
    });
    await v2.table('meta').put({ key: 'clientId', value: 'device-1' });
    v2.close();

    const v3 = new DoorstepDatabase(NAME);
    await v3.open();
    expect(v3.verno).toBe(CURRENT_VERSION);
    const [entry] = await v3.outbox.toArray();
    expect(entry).toMatchObject({ seq: 1, type: 'dues.record', state: 'pending', attempts: 2, recordId: record.id, record });
    expect((await v3.duesPayments.get(record.id))?.syncState).toBe('pending');
    expect((await v3.meta.get('clientId'))?.value).toBe('device-1');
    expect(await v3.monthCloses.count()).toBe(0);
    v3.close();
  });

  it('upgrades a version 3 device to version 4: unused indexes go, rows stay and are still found by member and in date order', async () => {
    // Version 3's stores exactly as they shipped.
    const old = new Dexie(NAME);
    old.version(3).stores({
      session: 'key', members: 'id, branchId, status, walkKey', pairings: 'id, memberId', stagedMembers: 'id', stagedPairings: 'id', syncState: 'key',
      outbox: '++seq, &id, state, recordId, memberId', visits: 'id, memberId, at, syncState', visitDrafts: 'memberId', consents: 'id, memberId, syncState',
      healthNotes: 'id, memberId, at, syncState', duesPayments: 'id, memberId, at, syncState', duesAssessments: 'id, memberId, branchId, effectiveFrom',
      duesPolicies: 'id, branchId', forms: '[id+version], id', meta: 'key',
      duesAdjustments: 'id, branchId, memberId, syncState', duplicateResolutions: 'id, branchId, memberId, syncState',
      arrearsExcuses: 'id, branchId, memberId, syncState', cashHandovers: 'id, branchId, syncState', handoverConfirmations: 'id, branchId, syncState',
      remittances: 'id, branchId, syncState', monthCloses: 'id, branchId, syncState', meetings: 'id, branchId, at, syncState',
      attendance: 'id, branchId, memberId, meetingId, syncState', evaluations: 'id, branchId, memberId, syncState',
    });
    const memberId = ROSTER[0]!.id;
    const visit = (n: number, at: string) => ({ id: `00000000-0000-4000-8000-00000000c00${n}`, memberId, at, syncState: n === 1 ? 'pending' : 'confirmed', rejection: null, payload: { id: `v${n}` } });
    await old.table('visits').bulkPut([visit(1, '2026-03-05T02:00:00.000Z'), visit(2, '2026-03-01T02:00:00.000Z'), { ...visit(3, '2026-03-03T02:00:00.000Z'), memberId: ROSTER[1]!.id }]);
    await old.table('outbox').add({ id: '00000000-0000-4000-8000-00000000b002', type: 'visit.submit', record: { id: 'v1' }, createdAt: '2026-03-05T02:00:00.000Z', state: 'pending', attempts: 0, lastError: null, recordId: visit(1, '').id, memberId });
    old.close();

    const v4 = new DoorstepDatabase(NAME);
    await v4.open();
    expect(v4.verno).toBe(CURRENT_VERSION);
    expect(v4.visits.schema.indexes.map((i) => i.name)).toEqual(['memberId']);
    expect(v4.meetings.schema.indexes.map((i) => i.name)).toEqual(['branchId']);
    const ofMember = await v4.visits.where('memberId').equals(memberId).sortBy('at');
    expect(ofMember.map((row) => [row.at, row.syncState])).toEqual([
      ['2026-03-01T02:00:00.000Z', 'confirmed'],
      ['2026-03-05T02:00:00.000Z', 'pending'],
    ]);
    expect(await v4.outbox.where('state').equals('pending').count()).toBe(1);
    v4.close();
  });

  it('upgrades a version 4 device to version 5: the roster download goes, the outbox and every record stay untouched, and the next pull is a replay', async () => {
    // Version 4's stores exactly as they shipped.
    const old = new Dexie(NAME);
    old.version(4).stores(V4_STORES);
    const memberRow = (member: (typeof ROSTER)[number]) => ({
      id: member.id,
      branchId: member.branchId,
      status: member.status,
      walkKey: member.id,
      birthDate: member.birthDate,
      updatedAt: member.updatedAt,
      payload: member,
    });
    const memberId = ROSTER[0]!.id;
    const rows: Record<string, object[]> = {
      members: ROSTER.map(memberRow),
      pairings: [{ id: '00000000-0000-4000-8000-00000000d001', memberId, payload: { id: 'p1' } }],
      visits: [{ id: '00000000-0000-4000-8000-00000000c001', memberId, at: '2026-03-05T02:00:00.000Z', syncState: 'pending', rejection: null, payload: { id: 'v1' } }],
      consents: [{ id: '00000000-0000-4000-8000-00000000c002', memberId, at: '2026-03-01T01:00:00.000Z', syncState: 'confirmed', rejection: null, payload: { id: 'c1' } }],
      healthNotes: [{ id: '00000000-0000-4000-8000-00000000c003', memberId, at: '2026-03-02T01:00:00.000Z', syncState: 'confirmed', rejection: null, payload: { id: 'h1' } }],
      duesPayments: [{ id: '00000000-0000-4000-8000-00000000c004', memberId, at: '2026-03-02T01:50:00.000Z', syncState: 'rejected', rejection: { code: 'NOT_FOUND', message: '' }, payload: { id: 'd1' } }],
      duesAssessments: [{ id: '00000000-0000-4000-8000-00000000c005', memberId, branchId: 'b1', effectiveFrom: '2026-01', payload: { id: 'a1' } }],
      duesPolicies: [{ id: 'b1', branchId: 'b1', payload: { branchId: 'b1' } }],
      attendance: [{ id: '00000000-0000-4000-8000-00000000c006', branchId: 'b1', memberId, meetingId: 'm1', at: '2026-03-03T00:00:00.000Z', syncState: 'pending', rejection: null, payload: { id: 't1' } }],
      monthCloses: [{ id: '00000000-0000-4000-8000-00000000c007', branchId: 'b1', memberId: null, at: '2026-02-28T08:00:00.000Z', syncState: 'confirmed', rejection: null, payload: { id: 'mc1' } }],
      visitDrafts: [{ memberId, updatedAt: '2026-03-05T01:00:00.000Z', payload: { templateId: 'regular' } }],
      forms: [{ id: 'regular', version: 2, payload: { id: 'regular' } }],
    };
    for (const [table, list] of Object.entries(rows)) await old.table(table).bulkPut(list);
    const entries = [
      { id: '00000000-0000-4000-8000-00000000b101', type: 'visit.submit', record: { id: 'v1' }, createdAt: '2026-03-05T02:00:00.000Z', state: 'pending', attempts: 1, lastError: null, recordId: '00000000-0000-4000-8000-00000000c001', memberId },
      { id: '00000000-0000-4000-8000-00000000b102', type: 'dues.record', record: { id: 'd1' }, createdAt: '2026-03-02T01:50:00.000Z', state: 'rejected', attempts: 1, lastError: { code: 'NOT_FOUND', message: '' }, recordId: '00000000-0000-4000-8000-00000000c004', memberId },
    ];
    for (const entry of entries) await old.table('outbox').add(entry);
    await old.table('syncState').put({ key: 'roster', ownerUserId: 'u1', syncedAt: '2026-01-06T01:15:00.000Z', total: ROSTER.length });
    await old.table('stagedMembers').put(memberRow(ROSTER[1]!));
    await old.table('meta').bulkPut([
      { key: 'clientId', value: 'device-1' },
      { key: 'pullCursor', value: 42 },
      { key: 'scope', value: 'fingerprint-v4' },
      { key: 'lastSyncAt', value: '2026-03-05T02:10:00.000Z' },
    ]);
    old.close();

    const v5 = new DoorstepDatabase(NAME);
    await v5.open();
    expect(v5.verno).toBe(CURRENT_VERSION);
    const names = v5.tables.map((table) => table.name);
    expect(names).not.toContain('stagedMembers');
    expect(names).not.toContain('stagedPairings');
    expect(names).not.toContain('syncState');
    // Every kind of the registry has its store, with the indexes version 4 had: nothing was rebuilt.
    for (const entity of SYNC_ENTITIES) expect(names, entity).toContain(recordKind(entity).dexieTable);
    for (const [table, spec] of Object.entries(V4_STORES)) {
      if (!names.includes(table)) continue;
      const schema = v5.table(table).schema;
      const declared = currentSpec(table, spec).split(',').map((part) => part.trim());
      expect([schema.primKey.src, ...schema.indexes.map((index) => index.src)].sort(), table).toEqual(declared.sort());
    }
    // Every row, the outbox with its seqs and states, and the drafts and forms, exactly as they were.
    for (const [table, list] of Object.entries(rows)) expect(await v5.table(table).toArray(), table).toEqual(expect.arrayContaining(list));
    for (const [table, list] of Object.entries(rows)) expect(await v5.table(table).count(), table).toBe(list.length);
    expect(await v5.outbox.toArray()).toEqual(entries.map((entry, i) => ({ ...entry, seq: i + 1 })));
    // The next pull goes on from the cursor with a scope no server has: the answer is a reset and a full replay.
    expect(await v5.meta.toArray()).toEqual(
      expect.arrayContaining([
        { key: 'clientId', value: 'device-1' },
        { key: 'pullCursor', value: 42 },
        { key: 'scope', value: SCOPE_BEFORE_V5 },
        { key: 'lastSyncAt', value: '2026-03-05T02:10:00.000Z' },
      ]),
    );
    v5.close();
  });
});

describe('database schema, version 6', () => {
  it('upgrades a version 5 device: the plan’s stores are added empty, every row, the outbox, the cursor and the scope stay (no replay)', async () => {
    // Version 5's stores: version 4's without the roster download.
    const v5Stores = Object.fromEntries(Object.entries(V4_STORES).filter(([table]) => !['stagedMembers', 'stagedPairings', 'syncState'].includes(table)));
    const old = new Dexie(NAME);
    old.version(5).stores(v5Stores);
    const memberId = ROSTER[0]!.id;
    const visitRow = { id: '00000000-0000-4000-8000-00000000c101', memberId, at: '2026-03-05T02:00:00.000Z', syncState: 'pending', rejection: null, payload: { id: 'v1' } };
    await old.table('visits').put(visitRow);
    const entry = { id: '00000000-0000-4000-8000-00000000b201', type: 'visit.submit', record: { id: 'v1' }, createdAt: '2026-03-05T02:00:00.000Z', state: 'pending', attempts: 0, lastError: null, recordId: visitRow.id, memberId };
    await old.table('outbox').add(entry);
    const meta = [
      { key: 'pullCursor', value: 1234 },
      { key: 'scope', value: 'fingerprint-v5' },
    ];
    await old.table('meta').bulkPut(meta);
    old.close();

    const v6 = new DoorstepDatabase(NAME);
    await v6.open();
    expect(v6.verno).toBe(CURRENT_VERSION);
    const indexes = (table: string) => v6.table(table).schema.indexes.map((index) => index.src).sort();
    expect(indexes('visitSettings')).toEqual(['communityId']);
    expect(indexes('campaigns')).toEqual(['communityId']);
    expect(indexes('memberEvents')).toEqual(['memberId']);
    expect(indexes('followUpClosures')).toEqual(['memberId', 'visitId']);
    for (const table of ['visitSettings', 'campaigns', 'memberEvents', 'followUpClosures']) expect(await v6.table(table).count(), table).toBe(0);
    // Nothing else was rebuilt: every store keeps version 5's indexes and rows.
    for (const [table, spec] of Object.entries(v5Stores)) {
      const schema = v6.table(table).schema;
      expect([schema.primKey.src, ...schema.indexes.map((index) => index.src)].sort(), table).toEqual(currentSpec(table, spec).split(',').map((part) => part.trim()).sort());
    }
    expect(await v6.visits.toArray()).toEqual([visitRow]);
    expect(await v6.outbox.toArray()).toEqual([{ ...entry, seq: 1 }]);
    // The new kinds have no records on any server yet: the pull goes on from its cursor, with no reset.
    expect(await v6.meta.toArray()).toEqual(expect.arrayContaining(meta));
    v6.close();
  });
});

/**
 * A store as the current version declares it, from what an older version had: version 7 stopped indexing a
 * member's status and walking order (sealed on disk since: seal-middleware.ts). Every other store kept its indexes.
 */
function currentSpec(table: string, spec: string): string {
  return table === 'members' ? 'id, branchId' : spec;
}

/** Version 4's stores exactly as they shipped. */
const V4_STORES: Record<string, string> = {
  session: 'key',
  members: 'id, branchId, status, walkKey',
  pairings: 'id, memberId',
  stagedMembers: 'id',
  stagedPairings: 'id',
  syncState: 'key',
  outbox: '++seq, &id, state, recordId, memberId',
  visits: 'id, memberId',
  visitDrafts: 'memberId',
  consents: 'id, memberId',
  healthNotes: 'id, memberId',
  duesPayments: 'id, memberId',
  duesAssessments: 'id, memberId, branchId, effectiveFrom',
  duesPolicies: 'id, branchId',
  forms: '[id+version], id',
  meta: 'key',
  duesAdjustments: 'id, branchId, memberId',
  duplicateResolutions: 'id, branchId, memberId',
  arrearsExcuses: 'id, branchId, memberId',
  cashHandovers: 'id, branchId',
  handoverConfirmations: 'id, branchId',
  remittances: 'id, branchId',
  monthCloses: 'id, branchId',
  meetings: 'id, branchId',
  attendance: 'id, branchId, memberId, meetingId',
  evaluations: 'id, branchId, memberId',
};
