import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress';
import { backends, buildTestApp, createBackend, type TestBackend } from './harness';

/** Text long enough to compress, different per file so that a mix-up shows. */
const text = (what: string) => Array.from({ length: 200 }, (_, i) => `${what} ${i};`).join('\n');

const FILES: Record<string, string> = {
  'index.html': `<!doctype html><html lang="zh-CN"><title>银龄上门</title><body>${text('<p>page</p>')}</body></html>`,
  'sw.js': text('self.precache'),
  'workbox-2fbc6a65.js': text('workbox.runtime'),
  'manifest.webmanifest': JSON.stringify({ name: '银龄上门', description: text('manifest') }),
  'assets/index-3f9a1c.js': text('console.log("app")'),
  'assets/index-b71c1c.css': text('.van-cell{color:red}'),
  'favicon.svg': `<svg xmlns="http://www.w3.org/2000/svg"><!--${text('icon')}--></svg>`,
};

/** A built app as `vite build` leaves it: the files, then their .br and .gz written by the build's own step. */
async function builtDist(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-dist-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, 'icons'));
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content);
  // A PNG is compressed already: it gets no variant and is always sent as it is.
  writeFileSync(join(dir, 'icons', 'icon-192.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  const written = await precompressDir(dir);
  expect(written.br.sort()).toEqual(Object.keys(FILES).sort());
  expect(written.gz.sort()).toEqual(Object.keys(FILES).sort());
  return dir;
}

function decoded(response: LightMyRequestResponse): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString('utf8');
  return response.rawPayload.toString('utf8');
}

const BROWSER = 'gzip, deflate, br, zstd';

/** The built app precompressed (issue 13 §1): the smallest file the browser can read, cached as its kind allows. */
describe.each(backends)('precompressed app files on %s', (kind) => {
  let backend: TestBackend;
  let app: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    backend = await createBackend(kind);
    dist = await builtDist();
    app = await buildTestApp(backend, { staticDir: dist });
  });
  afterAll(async () => {
    await app?.close();
    await backend?.destroy();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding: string | null, accept = '*/*') =>
    app.inject({ method: 'GET', url, headers: { accept, ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }) } });

  it('brotli when accepted, gzip when only gzip is, the file as it is otherwise — always the same content', async () => {
    for (const name of Object.keys(FILES)) {
      const original = readFileSync(join(dist, name), 'utf8');
      for (const [acceptEncoding, expected] of [[BROWSER, 'br'], ['gzip, deflate', 'gzip'], ['identity', undefined], [null, undefined]] as const) {
        const answer = await get(`/${name}`, acceptEncoding);
        const what = `${name} for ${String(acceptEncoding)}`;
        expect(answer.statusCode, what).toBe(200);
        expect(answer.headers['content-encoding'], what).toBe(expected);
        expect(decoded(answer), what).toBe(original);
        expect(answer.headers.vary, what).toMatch(/accept-encoding/i);
        if (expected !== undefined) expect(answer.rawPayload.length, what).toBeLessThan(original.length / 3);
      }
    }
  });

  it('the content type is the file’s, not the variant’s', async () => {
    expect((await get('/assets/index-3f9a1c.js', BROWSER)).headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect((await get('/assets/index-b71c1c.css', 'gzip')).headers['content-type']).toMatch(/^text\/css/);
    expect((await get('/index.html', BROWSER)).headers['content-type']).toMatch(/^text\/html/);
    expect((await get('/favicon.svg', BROWSER)).headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('hashed assets are immutable, the page, sw.js, Workbox and the manifest revalidated — whatever the encoding', async () => {
    const expected: Record<string, string> = {
      '/assets/index-3f9a1c.js': 'public, max-age=31536000, immutable',
      '/assets/index-b71c1c.css': 'public, max-age=31536000, immutable',
      '/index.html': 'no-cache',
      '/sw.js': 'no-cache',
      '/workbox-2fbc6a65.js': 'no-cache',
      '/manifest.webmanifest': 'no-cache',
      '/favicon.svg': 'public, max-age=0',
      '/icons/icon-192.png': 'public, max-age=0',
    };
    for (const [url, cacheControl] of Object.entries(expected)) {
      for (const acceptEncoding of [BROWSER, 'gzip', null]) {
        expect((await get(url, acceptEncoding)).headers['cache-control'], `${url} for ${String(acceptEncoding)}`).toBe(cacheControl);
      }
    }
  });

  it('a PNG goes as it is even to a browser that accepts brotli', async () => {
    const png = await get('/icons/icon-192.png', BROWSER);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('the page of a deep link and of / is index.html, compressed and revalidated like it', async () => {
    const page = readFileSync(join(dist, 'index.html'), 'utf8');
    for (const url of ['/', '/members/42', '/secretary/ledger?year=2026']) {
      for (const [acceptEncoding, expected] of [[BROWSER, 'br'], ['gzip', 'gzip'], [null, undefined]] as const) {
        const answer = await get(url, acceptEncoding, 'text/html,application/xhtml+xml');
        const what = `${url} for ${String(acceptEncoding)}`;
        expect(answer.statusCode, what).toBe(200);
        expect(answer.headers['content-encoding'], what).toBe(expected);
        expect(answer.headers['content-type'], what).toMatch(/^text\/html/);
        expect(answer.headers['cache-control'], what).toBe('no-cache');
        expect(answer.headers.vary, what).toMatch(/accept-encoding/i);
        expect(decoded(answer), what).toBe(page);
      }
    }
  });

  it('an unknown API path is still a JSON 404, never the page', async () => {
    const answer = await get('/api/nothing', BROWSER, 'text/html');
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(decoded(answer))).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
  });
});
