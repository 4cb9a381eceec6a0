import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminDevice, DeviceList, LifeboatImportResult, LifeboatKey, LoginResponse, MeResponse, type LifeboatFile } from '../../src/domain';
import { runCli } from '../../src/server/cli/run-cli';
import { migrateToLatest } from '../../src/server/storage';
import { MIGRATIONS } from '../../src/server/storage/migrations';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { makeLifeboat } from './lifeboat-support';
import { outbox, push, pushRaw, statuses, visit } from './sync-support';

/** Devices: their secret, lost and wiped devices, the push-only state, the admin's routes and the lifeboat (issue 14 §3–4). */
describe.each(backends)('devices and lifeboats, on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let admin1 = '';
  let admin2 = '';

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend, { deviceLeaseDays: 9 });
    admin1 = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
    admin2 = await loginAs(app, 'admin2', FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const login = (username: string, clientId?: string, password = FIXTURE_PASSWORD) =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': `phone of ${username}` }, payload: { username, password, ...(clientId === undefined ? {} : { clientId }) } });
  const signIn = async (username: string, clientId?: string) => {
    const response = await login(username, clientId);
    expect(response.statusCode, response.body).toBe(200);
    return LoginResponse.parse(response.json());
  };
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  const devicesOf = async (userId: string, token = admin1) => {
    const response = await call(token, 'GET', `/api/admin/users/${userId}/devices`);
    expect(response.statusCode, response.body).toBe(200);
    return DeviceList.parse(response.json()).devices;
  };
  const auditOf = (recordId: string) => backend.storage.db.selectFrom('audit_log').selectAll().where('record_id', '=', recordId).orderBy('at').orderBy('action').execute();
  const visitsOf = (ids: string[]) => backend.storage.db.selectFrom('visits').select('id').where('id', 'in', ids).execute();

  it('gives a device the same secret at every login of its user, with the lease and the lifeboat key', async () => {
    const clientId = randomUUID();
    const first = await signIn('worker1', clientId);
    const again = await signIn('worker1', clientId);
    expect(first.device?.id).toBe(clientId);
    expect(first.device?.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.device!.secret, 'base64url')).toHaveLength(32);
    expect(again.device?.secret).toBe(first.device?.secret);
    expect(first.device?.leaseDays).toBe(9);
    expect(first.token).not.toBe(again.token);
    // Another device of the same user has its own secret.
    expect((await signIn('worker1', randomUUID())).device?.secret).not.toBe(first.device?.secret);

    const key = LifeboatKey.parse(first.lifeboatKey);
    expect(key).toEqual(again.lifeboatKey);
    const served = await call(first.token, 'GET', '/api/lifeboat-key');
    expect(served.statusCode).toBe(200);
    expect(LifeboatKey.parse(served.json())).toEqual(key);
    expect(served.body).not.toContain('"d"');

    const me = MeResponse.parse((await call(first.token, 'GET', '/api/me')).json());
    expect(me.device).toEqual({ leaseDays: 9 });
    // Without a client id (CLI, older apps) the answers are as before.
    const plain = await signIn('worker1');
    expect(plain.device).toBeUndefined();
    expect(plain.lifeboatKey).toBeUndefined();
    expect(MeResponse.parse((await call(plain.token, 'GET', '/api/me')).json()).device).toBeUndefined();

    const listed = (await devicesOf(fx.users.worker1.id)).find((d) => d.id === clientId);
    expect(listed).toMatchObject({ standing: 'active', userAgent: 'phone of worker1', wipeRequestedAt: null, wipeReason: null, wipedAt: null });
    expect(JSON.stringify(await devicesOf(fx.users.worker1.id))).not.toContain(first.device!.secret);
  });

  it('issues a new secret when a client id passes to another user, and ends the old user’s session on it', async () => {
    const tablet = randomUUID();
    const before = await signIn('worker1', tablet);
    const after = await signIn('worker2', tablet);
    expect(after.device?.secret).not.toBe(before.device?.secret);
    expect((await call(before.token, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(after.token, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await devicesOf(fx.users.worker1.id)).map((d) => d.id)).not.toContain(tablet);
    expect((await devicesOf(fx.users.worker2.id)).map((d) => d.id)).toContain(tablet);
    expect((await signIn('worker2', tablet)).device?.secret).toBe(after.device?.secret);
  });

  it('refuses a login on a device marked lost (DEVICE_LOST, no secret) until it is restored', async () => {
    const phone = randomUUID();
    const granted = await signIn('worker1', phone);
    const marked = await call(admin1, 'POST', `/api/admin/devices/${phone}/lost`);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(AdminDevice.parse(marked.json())).toMatchObject({ standing: 'lost', wipeReason: 'lost' });

    const refused = await login('worker1', phone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('DEVICE_LOST');
    expect(refused.json().error.message).toContain('此设备已被管理员标记为丢失');
    expect(refused.body).not.toContain(granted.device!.secret);
    expect(refused.body).not.toContain('token');
    // Whoever tries, on that device.
    expect((await login('worker2', phone)).json().error.code).toBe('DEVICE_LOST');
    // The user's other devices are not concerned.
    expect((await login('worker1', randomUUID())).statusCode).toBe(200);

    const restored = await call(admin1, 'POST', `/api/admin/devices/${phone}/restore`);
    expect(AdminDevice.parse(restored.json())).toMatchObject({ standing: 'active', wipeRequestedAt: null, wipeReason: null });
    expect((await signIn('worker1', phone)).device?.secret).toBe(granted.device?.secret);
    expect((await call(admin1, 'POST', `/api/admin/devices/${phone}/restore`)).statusCode).toBe(409);

    // Both left their entry in the audit trail, naming the admin, in the device's community.
    const entries = await auditOf(phone);
    expect(entries.map((e) => [e.action, e.record_kind, e.actor_id, e.community_id, e.via])).toEqual([
      ['device.lost', 'device', fx.users.admin1.id, fx.community.id, 'app'],
      ['device.restore', 'device', fx.users.admin1.id, fx.community.id, 'app'],
    ]);
  });

  it('answers a lost device 410 DEVICE_WIPE everywhere but the push, counts its records once, and ends it when it confirms', async () => {
    const phone = randomUUID();
    const { token } = await signIn('worker1', phone);
    const box = outbox(phone);
    const made = box.add('visit.submit', visit(fx.members.m1.id, fx.users.worker1.id));
    expect((await call(admin1, 'POST', `/api/admin/devices/${phone}/lost`)).statusCode).toBe(200);

    for (const [method, url] of [['GET', '/api/me'], ['GET', '/api/sync/pull?cursor=0'], ['GET', '/api/me/sessions'], ['GET', '/api/lifeboat-key']] as const) {
      const response = await call(token, method, url);
      expect(response.statusCode, url).toBe(410);
      expect(response.json().error.code).toBe('DEVICE_WIPE');
      expect(response.json().error.message).toContain('此设备需要清除数据');
    }
    expect(statuses(await push(app, token, phone, [made]))).toEqual(['applied']);
    expect(statuses(await push(app, token, phone, [made]))).toEqual(['duplicate']);
    expect(await visitsOf([(made.record as { id: string }).id])).toHaveLength(1);

    expect((await call(token, 'POST', '/api/device/wiped')).statusCode).toBe(204);
    expect((await call(token, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await pushRaw(app, token, { clientId: phone, mutations: [made] })).statusCode).toBe(401);
    const listed = (await devicesOf(fx.users.worker1.id)).find((d) => d.id === phone)!;
    expect(listed.standing).toBe('wiped');
    expect(listed.wipedAt).not.toBeNull();
    expect((await login('worker1', phone)).json().error.code).toBe('DEVICE_LOST');
    expect((await call(admin1, 'POST', `/api/admin/devices/${phone}/restore`)).statusCode).toBe(409);
    expect((await call(admin1, 'POST', `/api/admin/devices/${phone}/lost`)).statusCode).toBe(409);
  });

  it('marks a disabled user’s devices for wipe: their other sessions end, a device’s session can only push', async () => {
    const phone = randomUUID();
    const onDevice = (await signIn('worker2', phone)).token;
    const withoutDevice = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    const box = outbox(phone);
    const made = box.add('visit.submit', visit(fx.members.m2.id, fx.users.worker2.id));

    const disabled = await call(admin1, 'POST', `/api/admin/users/${fx.users.worker2.id}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await call(withoutDevice, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await call(onDevice, 'GET', '/api/me')).json().error.code).toBe('DEVICE_WIPE');
    const listed = (await devicesOf(fx.users.worker2.id)).find((d) => d.id === phone)!;
    expect(listed).toMatchObject({ standing: 'active', wipeReason: 'user_disabled' });
    expect(listed.wipeRequestedAt).not.toBeNull();
    // What the worker made before being disabled still arrives, once.
    expect(statuses(await push(app, onDevice, phone, [made]))).toEqual(['applied']);
    expect(statuses(await push(app, onDevice, phone, [made]))).toEqual(['duplicate']);
    // A record naming someone else is still refused: the push's own checks apply.
    const forged = box.add('visit.submit', visit(fx.members.m2.id, fx.users.worker1.id));
    expect(statuses(await push(app, onDevice, phone, [forged]))).toEqual(['rejected:ACTOR_MISMATCH']);
    expect((await login('worker2', phone)).json().error.code).toBe('ACCOUNT_DISABLED');

    expect((await call(onDevice, 'POST', '/api/device/wiped')).statusCode).toBe(204);
    expect((await call(onDevice, 'GET', '/api/me')).statusCode).toBe(401);
    expect((await devicesOf(fx.users.worker2.id)).find((d) => d.id === phone)?.standing).toBe('wiped');
    await call(admin1, 'POST', `/api/admin/users/${fx.users.worker2.id}/enable`);
  });

  it('lifts a wipe asked only because the user was disabled when they are enabled again, before the device wiped', async () => {
    const phone = randomUUID();
    const { token } = await signIn('secretary1', phone);
    expect((await call(admin1, 'POST', `/api/admin/users/${fx.users.secretary1.id}/disable`)).statusCode).toBe(200);
    expect((await call(token, 'GET', '/api/me')).json().error.code).toBe('DEVICE_WIPE');
    expect((await call(admin1, 'POST', `/api/admin/users/${fx.users.secretary1.id}/enable`)).statusCode).toBe(200);
    expect((await call(token, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await devicesOf(fx.users.secretary1.id)).find((d) => d.id === phone)).toMatchObject({ standing: 'active', wipeRequestedAt: null, wipeReason: null });
    // A device marked lost stays lost through all of it.
    expect((await call(admin1, 'POST', `/api/admin/devices/${phone}/lost`)).statusCode).toBe(200);
    await call(admin1, 'POST', `/api/admin/users/${fx.users.secretary1.id}/disable`);
    await call(admin1, 'POST', `/api/admin/users/${fx.users.secretary1.id}/enable`);
    expect((await devicesOf(fx.users.secretary1.id)).find((d) => d.id === phone)).toMatchObject({ standing: 'lost', wipeReason: 'lost' });
    expect((await call(token, 'GET', '/api/me')).json().error.code).toBe('DEVICE_WIPE');
  });

  it('keeps other communities’ devices out of an admin’s reach, and the routes out of a worker’s', async () => {
    const phone = randomUUID();
    await signIn('worker1', phone);
    expect((await call(admin2, 'GET', `/api/admin/users/${fx.users.worker1.id}/devices`)).statusCode).toBe(404);
    const across = await call(admin2, 'POST', `/api/admin/devices/${phone}/lost`);
    expect(across.statusCode).toBe(404);
    expect(across.body).toBe((await call(admin2, 'POST', `/api/admin/devices/${randomUUID()}/lost`)).body);
    expect((await call(admin2, 'POST', `/api/admin/devices/${phone}/restore`)).statusCode).toBe(404);
    expect((await devicesOf(fx.users.worker1.id)).find((d) => d.id === phone)?.standing).toBe('active');

    const worker = await loginAs(app, 'worker2', FIXTURE_PASSWORD);
    for (const [method, url] of [
      ['GET', `/api/admin/users/${fx.users.worker1.id}/devices`],
      ['POST', `/api/admin/devices/${phone}/lost`],
      ['POST', `/api/admin/devices/${phone}/restore`],
      ['POST', '/api/admin/lifeboats'],
    ] as const) {
      const response = await call(worker, method, url, method === 'POST' ? {} : undefined);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    expect((await devicesOf(fx.users.worker1.id)).find((d) => d.id === phone)?.standing).toBe('active');
  });

  describe('lifeboat import', () => {
    let key: LifeboatKey;
    let file: LifeboatFile;
    let recordIds: string[];
    const phone = randomUUID();

    beforeAll(async () => {
      const granted = await signIn('worker1', phone);
      key = LifeboatKey.parse(granted.lifeboatKey);
      const box = outbox(phone);
      // More than one push's worth (100), so the import goes in batches; the last one was already pushed.
      const members = [fx.members.m1, fx.members.m4, fx.members.m6];
      const mutations = Array.from({ length: 130 }, (_, i) => box.add('visit.submit', visit(members[i % 3]!.id, fx.users.worker1.id)));
      recordIds = mutations.map((m) => (m.record as { id: string }).id);
      expect(statuses(await push(app, granted.token, phone, [mutations[129]!]))).toEqual(['applied']);
      file = await makeLifeboat(key, { clientId: phone, userId: fx.users.worker1.id, username: 'worker1' }, mutations);
    });

    const importFile = (token: string, body: unknown) => call(token, 'POST', '/api/admin/lifeboats', body);

    it('refuses a tampered file, another community’s admin and a file for another key', async () => {
      const flipped = Buffer.from(file.ciphertext, 'base64url');
      flipped[5] = flipped[5]! ^ 1;
      for (const bad of [{ ...file, ciphertext: flipped.toString('base64url') }, { ...file, userId: fx.users.worker2.id }, { ...file, keyId: 'AAAAAAAAAAAAAAAA' }, { hello: 'world' }]) {
        const response = await importFile(admin1, bad);
        expect(response.statusCode, response.body).toBe(422);
        expect(response.json().error.code).toBe('LIFEBOAT_UNREADABLE');
      }
      // A file far over the API's usual 1 MiB still reaches the import (and is judged on what it is).
      const large = await importFile(admin1, { ...file, ciphertext: 'A'.repeat(3 * 1024 * 1024) });
      expect(large.statusCode).toBe(422);
      expect(large.json().error.code).toBe('LIFEBOAT_UNREADABLE');
      const across = await importFile(admin2, file);
      expect(across.statusCode).toBe(404);
      expect(await visitsOf(recordIds)).toHaveLength(1);
    });

    it('lands each record once through the push, and a second import is all duplicates', async () => {
      const first = await importFile(admin1, file);
      expect(first.statusCode, first.body).toBe(200);
      const result = LifeboatImportResult.parse(first.json());
      expect([result.applied, result.duplicate, result.rejected]).toEqual([129, 1, 0]);
      expect(result.results.map((r) => r.index)).toEqual(Array.from({ length: 130 }, (_, i) => i));
      expect(await visitsOf(recordIds)).toHaveLength(130);

      const second = LifeboatImportResult.parse((await importFile(admin1, file)).json());
      expect([second.applied, second.duplicate, second.rejected]).toEqual([0, 130, 0]);
      expect(await visitsOf(recordIds)).toHaveLength(130);
      const entries = (await auditOf(phone)).filter((e) => e.action === 'lifeboat.import');
      expect(entries.map((e) => [e.actor_id, e.community_id, JSON.parse(e.details)])).toEqual([
        [fx.users.admin1.id, fx.community.id, { userId: fx.users.worker1.id, applied: 129, duplicate: 1, rejected: 0 }],
        [fx.users.admin1.id, fx.community.id, { userId: fx.users.worker1.id, applied: 0, duplicate: 130, rejected: 0 }],
      ]);
    });

    it('refuses a file sealed in another user’s name from a device that user never signed in on', async () => {
      // The server's public key is handed to every device: worker2 seals worker1's name on a phone of their own.
      const forger = randomUUID();
      await signIn('worker2', forger);
      const box = outbox(forger);
      const forged = box.add('visit.submit', visit(fx.members.m1.id, fx.users.worker1.id));
      for (const clientId of [forger, randomUUID()]) {
        const file = await makeLifeboat(key, { clientId, userId: fx.users.worker1.id, username: 'worker1' }, [forged]);
        const response = await importFile(admin1, file);
        expect(response.statusCode, response.body).toBe(422);
        expect(response.json().error.code).toBe('LIFEBOAT_UNREADABLE');
      }
      expect(await visitsOf([(forged.record as { id: string }).id])).toHaveLength(0);
    });

    it('refuses an unreadable envelope on its own, as the push does, and lands the rest', async () => {
      const box = outbox(phone);
      const good = box.add('visit.submit', visit(fx.members.m1.id, fx.users.worker1.id));
      const junk = { ...box.add('visit.submit', {}), seq: 0 };
      const mixed = await makeLifeboat(key, { clientId: phone, userId: fx.users.worker1.id, username: 'worker1' }, [good, junk]);
      const result = LifeboatImportResult.parse((await importFile(admin1, mixed)).json());
      expect(statuses({ results: result.results, lastSettledSeq: 0 })).toEqual(['applied', 'rejected:VALIDATION_FAILED']);
      expect(await visitsOf([(good.record as { id: string }).id])).toHaveLength(1);
    });

    it('imports from the CLI too, and lists and marks devices there', async () => {
      const path = join(backend.location.dataDir, 'lifeboat.json');
      writeFileSync(path, JSON.stringify(file));
      const io = () => {
        const io = { out: '', err: '' };
        return { io, cli: { out: (t: string) => (io.out += t), err: (t: string) => (io.err += t), readPassword: async () => '', env: backend.env } };
      };
      const imported = io();
      expect(await runCli(['import-lifeboat', '--file', path, '--json'], imported.cli)).toBe(0);
      const parsed = LifeboatImportResult.parse(JSON.parse(imported.io.out));
      expect([parsed.applied, parsed.duplicate, parsed.rejected]).toEqual([0, 130, 0]);

      writeFileSync(path, JSON.stringify({ ...file, iv: Buffer.alloc(12).toString('base64url') }));
      const tampered = io();
      expect(await runCli(['import-lifeboat', '--file', path], tampered.cli)).toBe(1);
      expect(tampered.io.err).toContain('救生包');

      const listed = io();
      expect(await runCli(['devices', '--user', 'worker1'], listed.cli)).toBe(0);
      expect(listed.io.out).toContain(phone);
      const marked = io();
      expect(await runCli(['mark-device-lost', '--device', phone], marked.cli)).toBe(0);
      expect((await devicesOf(fx.users.worker1.id)).find((d) => d.id === phone)?.standing).toBe('lost');
      const byCli = (await auditOf(phone)).filter((e) => e.via === 'cli').map((e) => [e.action, e.actor_id, e.community_id]);
      expect(byCli).toEqual([
        ['lifeboat.import', null, fx.community.id],
        ['device.lost', null, fx.community.id],
      ]);
    });
  });
});

describe.each(backends)('migration 0012 (devices) on %s', (kind) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await createBackend(kind);
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('goes down and up again', async () => {
    const db = backend.storage.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
    expect((await migrator.migrateTo('0011_sign_in')).error).toBeUndefined();
    const tables = async () => (await db.introspection.getTables()).map((t) => t.name);
    expect(await tables()).not.toContain('devices');
    expect(await tables()).not.toContain('server_keys');
    const sessions = (await db.introspection.getTables()).find((t) => t.name === 'sessions')!;
    expect(sessions.columns.map((c) => c.name)).not.toContain('device_id');
    expect(await migrateToLatest(db)).toContain('0012_devices');
    expect(await tables()).toEqual(expect.arrayContaining(['devices', 'server_keys']));
    const after = (await db.introspection.getTables()).find((t) => t.name === 'sessions')!;
    expect(after.columns.map((c) => c.name)).toContain('device_id');
  });
});
