import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse, PROTOCOL_HEADER, PullResponse, PushResponse, SYNC_PROTOCOL_VERSION } from '../../src/domain';
import { COMPRESSION } from '../../src/server/http/compression';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from './fixtures';
import { backends, bearer, buildTestApp, createBackend, loginAs, type TestBackend } from './harness';
import { officeSheet } from './roster-office-sheet';
import { loadXlsx, xlsxBytes } from './roster-support';
import { outbox, visit } from './sync-support';

/** What a browser offers (Chromium), what an older client offers, and nothing at all. */
const BROWSER = 'gzip, deflate, br, zstd';
const GZIP_ONLY = 'gzip';

/** The body as the client reads it once it has undone the Content-Encoding. */
function decoded(response: LightMyRequestResponse): Buffer {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload);
  if (encoding === 'gzip') return gunzipSync(response.rawPayload);
  expect(encoding, 'an encoding the client did not offer').toBeUndefined();
  return response.rawPayload;
}
const json = (response: LightMyRequestResponse): unknown => JSON.parse(decoded(response).toString('utf8'));

/** Answers go out compressed on a weak signal when the client accepts it (issue 13 §2). */
describe.each(backends)('compressed API answers on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let fx: Fixtures;
  let worker: string;
  let admin: string;

  beforeAll(async () => {
    backend = await createBackend(kind);
    fx = await seedFixtures(backend.storage.db);
    app = await buildTestApp(backend);
    worker = await loginAs(app, 'worker1', FIXTURE_PASSWORD);
    admin = await loginAs(app, 'admin1', FIXTURE_PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
  });

  const ask = (request: InjectOptions, acceptEncoding: string | null) =>
    app.inject({ ...request, headers: { ...request.headers, ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }) } });
  const syncHeaders = () => ({ ...bearer(worker), [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) });

  /** Forty visits with notes, so that the pull's page and the push's answer are well over the threshold. */
  async function pushVisits(acceptEncoding: string | null): Promise<LightMyRequestResponse> {
    const device = outbox();
    const mutations = Array.from({ length: 40 }, (_, i) =>
      device.add('visit.submit', visit(fx.members.m1.id, fx.users.worker1.id, { notes: `第 ${i + 1} 次走访：老人精神尚好，血压平稳，叮嘱按时服药。` })),
    );
    return ask({ method: 'POST', url: '/api/sync/push', headers: syncHeaders(), payload: { clientId: device.clientId, mutations } }, acceptEncoding);
  }

  it('a push answer: brotli for a browser, gzip for a gzip-only client, as it is otherwise — the same results each way', async () => {
    for (const [acceptEncoding, expected] of [[BROWSER, 'br'], [GZIP_ONLY, 'gzip'], [null, undefined], ['identity', undefined]] as const) {
      const answer = await pushVisits(acceptEncoding);
      expect(answer.statusCode, String(acceptEncoding)).toBe(200);
      expect(answer.headers['content-encoding'], String(acceptEncoding)).toBe(expected);
      const body = PushResponse.parse(json(answer));
      expect(body.results.map((r) => r.status)).toEqual(Array(40).fill('applied'));
      expect(decoded(answer).length).toBeGreaterThan(COMPRESSION.thresholdBytes);
      if (expected !== undefined) {
        expect(answer.rawPayload.length).toBeLessThan(decoded(answer).length / 2);
        expect(answer.headers.vary).toMatch(/accept-encoding/i);
        // The compressed length is sent, so the browser can show progress.
        expect(Number(answer.headers['content-length'])).toBe(answer.rawPayload.length);
      }
      // Names, phones and health notes: no cache keeps them, compressed or not.
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });

  it('a pull page reads the same compressed as uncompressed, and is several times smaller', async () => {
    await pushVisits(null);
    const request: InjectOptions = { method: 'GET', url: '/api/sync/pull?cursor=0&limit=500', headers: syncHeaders() };
    const plain = await ask(request, null);
    const br = await ask(request, BROWSER);
    const gzip = await ask(request, GZIP_ONLY);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const page = PullResponse.parse(json(plain));
    expect(page.changes.length).toBeGreaterThan(40);
    expect(json(br)).toEqual(json(plain));
    expect(json(gzip)).toEqual(json(plain));
    expect(br.rawPayload.length * 4).toBeLessThan(plain.rawPayload.length);
    expect(gzip.rawPayload.length * 4).toBeLessThan(plain.rawPayload.length);
    expect(br.headers['cache-control']).toBe('no-store');
  });

  it('small answers go as they are: compressing them would not pay', async () => {
    const health = await ask({ method: 'GET', url: '/api/health' }, BROWSER);
    expect(health.statusCode).toBe(200);
    expect(health.rawPayload.length).toBeLessThan(COMPRESSION.thresholdBytes);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(HealthResponse.parse(health.json())).toBeTruthy();
  });

  it("the error handler's answers reach the client whole, compressed or not", async () => {
    // A push the schema refuses with an issue per mutation: an error body larger than the threshold.
    // A member form with every field wrong: an issue per field, an error body larger than the threshold.
    const refused = await ask({ method: 'POST', url: '/api/admin/members', headers: bearer(admin), payload: { name: 7, gender: '?', birthDate: '昨天', phone: [] } }, BROWSER);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-encoding']).toBe('br');
    expect(json(refused)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(refused.headers['cache-control']).toBe('no-store');
    const unauthenticated = await ask({ method: 'GET', url: '/api/sync/pull', headers: {} }, BROWSER);
    expect(unauthenticated.statusCode).toBe(401);
    expect(json(unauthenticated)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const malformed = await ask({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{' }, GZIP_ONLY);
    expect(malformed.statusCode).toBe(400);
    expect(json(malformed)).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
  });

  it('the 花名册 report (.xlsx, a zip already) goes as it is, and opens', async () => {
    const office = await xlsxBytes({ name: '花名册', ...officeSheet() });
    const report = await ask(
      {
        method: 'POST',
        url: '/api/admin/roster/report',
        headers: bearer(admin),
        payload: { fileName: '光明社区花名册.xlsx', contentBase64: office.toString('base64') },
      },
      BROWSER,
    );
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(report.headers['content-encoding']).toBeUndefined();
    expect(report.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await loadXlsx(report.rawPayload);
    expect(workbook.getWorksheet('花名册')?.getCell('P3').value).toBe('导入结果');
  });
});
