import { Agent, request } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { PULL_PAGE_SIZE } from '../src/app/api/sync-api';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, type Mutation, type Visit } from '../src/domain';
import { COMPRESSION } from '../src/server/http/compression';
import { bundleForBrowser } from './browser-bundle';
import { inflate, logIn, memberIdsInScope, postJson } from './http-client';
import { visitMutations } from './mutations';
import { heading, line, median } from './report';

type PullGlobal = { PullBench: typeof import('./browser/pull-bench') };

/** A weak mobile signal in a stairwell (issue 13 §2): 1.6 Mbps down, 750 kbps up, 150 ms latency. */
const WEAK_LINK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

/** What Chromium offers. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

/** What workers write after a phone call, in pieces: notes as varied as real ones compress like real ones. */
const NOTE_PARTS = [
  '电话联系，老人精神尚好', '血压 %/%，按时服药', '近期无住院', '女儿周末回来探望', '腿脚不便，下楼困难',
  '提醒天冷注意保暖', '反映楼道灯坏了，已报物业', '老伴住院，情绪低落，需多关心', '询问党费交纳情况',
  '医保报销材料已帮忙整理', '听力下降，需大声说话', '想参加社区老年大学书法班', '饮食正常，睡眠一般',
  '约定下周上门测血压', '独居，邻居每天照看', '对社区服务表示满意', '糖尿病，血糖控制尚可', '家中燃气已检查',
];

/** Visits with notes of one to four pieces and their own numbers, from a seeded generator (same run, same notes). */
function variedNotes(seed: number): () => string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  return () =>
    Array.from({ length: 1 + next(4) }, () => NOTE_PARTS[next(NOTE_PARTS.length)]!.replace('%', String(110 + next(60))).replace('%', String(60 + next(35)))).join('；');
}

/** Gives a worker `count` visits, pushed through the API as devices would; returns the worker's token. */
async function seedVisits(baseUrl: string, username: string, password: string, count: number): Promise<string> {
  const { token, userId } = await logIn(baseUrl, username, password);
  const memberIds = await memberIdsInScope(baseUrl, token);
  const clientId = crypto.randomUUID();
  const notes = variedNotes(13);
  for (let seq = 1; seq <= count; seq += 100) {
    const mutations = visitMutations(userId, memberIds, Math.min(100, count - seq + 1), seq).map(
      (m) => ({ ...m, record: { ...(m.record as Visit), notes: notes() } }) as Mutation,
    );
    const answer = await postJson(`${baseUrl}/api/sync/push`, { clientId, mutations }, token);
    if (answer.status !== 200) throw new Error(`seeding visits: ${answer.status}`);
  }
  return token;
}

interface WirePull {
  records: number;
  /** Bytes of the answers as they crossed the connection: status line, headers and body. */
  wireBytes: number;
  firstPage: { records: number; wireBytes: number; json: Buffer };
}

/** One page of a pull on a connection of its own, so that the socket's count is this answer's alone. */
function pageOverWire(url: string, token: string, acceptEncoding: string | null): Promise<{ wireBytes: number; json: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      agent: new Agent({ keepAlive: false }),
      headers: {
        authorization: `Bearer ${token}`,
        [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
        ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`pull: ${res.statusCode}`));
        else resolve({ wireBytes: req.socket?.bytesRead ?? 0, json: inflate(res.headers['content-encoding'], Buffer.concat(chunks)) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A worker's first pull, page by page as the app asks for it, counting what the connection carried. */
async function pullOverWire(baseUrl: string, token: string, acceptEncoding: string | null): Promise<WirePull> {
  let cursor = 0;
  let result: WirePull | null = null;
  for (;;) {
    const answer = await pageOverWire(`${baseUrl}/api/sync/pull?cursor=${cursor}&limit=${PULL_PAGE_SIZE}`, token, acceptEncoding);
    const page = JSON.parse(answer.json.toString('utf8')) as { changes: unknown[]; cursor: number; hasMore: boolean };
    result ??= { records: 0, wireBytes: 0, firstPage: { records: page.changes.length, wireBytes: answer.wireBytes, json: answer.json } };
    result.records += page.changes.length;
    result.wireBytes += answer.wireBytes;
    cursor = page.cursor;
    if (!page.hasMore) return result;
  }
}

/**
 * A new device's first sync by the app's own engine in Chromium, on the weak link. `compressed: false` asks the
 * server not to compress (x-no-compression, which @fastify/compress honours): the same pull, the same browser.
 */
async function pullInChromium(browser: Browser, baseUrl: string, token: string, code: string, compressed: boolean): Promise<{ pullMs: number; records: number; pullBytes: number }> {
  const context = await browser.newContext(compressed ? {} : { extraHTTPHeaders: { 'x-no-compression': '1' } });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/api/health`);
    await page.evaluate(code);
    const cdp = await context.newCDPSession(page);
    const pullRequests = new Set<string>();
    let pullBytes = 0;
    cdp.on('Network.responseReceived', (event) => {
      if (event.response.url.includes('/api/sync/pull')) pullRequests.add(event.requestId);
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (pullRequests.has(event.requestId)) pullBytes += event.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', WEAK_LINK);
    const result = await page.evaluate((t) => (globalThis as unknown as PullGlobal).PullBench.firstPull(t), token);
    if (result.outcome !== 'synced') throw new Error(`first pull on the weak link: ${result.outcome}`);
    if (result.cspViolations > 0) throw new Error(`first pull on the weak link: ${result.cspViolations} CSP violations in the page`);
    return { pullMs: result.pullMs, records: result.records, pullBytes };
  } finally {
    await context.close();
  }
}

/** Median of `runs` timings of `compress`, in ms. */
function compressMs(compress: () => Buffer, runs = 7): number {
  const times: number[] = [];
  // Not counted: the first call sets up zlib's state.
  compress();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    compress();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * Issue 13 §2: the bytes a worker's first pull costs on the wire, compressed as browsers ask and uncompressed,
 * and the time of the whole first sync on an emulated weak mobile link, each way in the same run.
 */
export async function benchWeakLink(
  browser: Browser,
  baseUrl: string,
  password: string,
  { demoUsername, username, count, rounds }: { demoUsername: string; username: string; count: number; rounds: number },
): Promise<void> {
  heading(`A worker's first pull on a weak mobile signal (1.6 Mbps down, 750 kbps up, 150 ms), compressed vs the same pull uncompressed`);
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  // The demo community's own records (members, pairings, visits, dues) as the demo worker's phone first pulls them.
  const demo = await logIn(baseUrl, demoUsername, password);
  const demoPlain = await pullOverWire(baseUrl, demo.token, null);
  line(`${demoUsername}'s first pull as seeded (${demoPlain.records} records), uncompressed`, kB(demoPlain.wireBytes));
  for (const [label, encodings] of [['brotli', BROWSER_ENCODINGS], ['gzip', 'gzip']] as const) {
    const pull = await pullOverWire(baseUrl, demo.token, encodings);
    line(`  ${label}`, kB(pull.wireBytes), { value: pull.wireBytes / demoPlain.wireBytes, against: 'uncompressed' });
  }

  const token = await seedVisits(baseUrl, username, password, count);
  const plain = await pullOverWire(baseUrl, token, null);
  const br = await pullOverWire(baseUrl, token, BROWSER_ENCODINGS);
  const gzip = await pullOverWire(baseUrl, token, 'gzip');
  line(`first page (${plain.firstPage.records} records), uncompressed`, kB(plain.firstPage.wireBytes));
  line(`first page, brotli q${COMPRESSION.brotliQuality} (a browser)`, kB(br.firstPage.wireBytes), { value: br.firstPage.wireBytes / plain.firstPage.wireBytes, against: 'uncompressed' });
  line(`first page, gzip ${COMPRESSION.gzipLevel} (a gzip-only client)`, kB(gzip.firstPage.wireBytes), { value: gzip.firstPage.wireBytes / plain.firstPage.wireBytes, against: 'uncompressed' });
  const perRecord = (pull: WirePull) => pull.wireBytes / pull.records;
  line(`bytes on the wire per record (${plain.records} records), uncompressed`, `${perRecord(plain).toFixed(0)} B`);
  line(`bytes on the wire per record, brotli`, `${perRecord(br).toFixed(0)} B`, { value: perRecord(br) / perRecord(plain), against: 'uncompressed' });
  line(`bytes on the wire per record, gzip`, `${perRecord(gzip).toFixed(0)} B`, { value: perRecord(gzip) / perRecord(plain), against: 'uncompressed' });

  // What the chosen levels cost the server per page, beside the highest levels (why the low ones were chosen).
  const json = plain.firstPage.json;
  const brotliAt = (quality: number) => () => brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });
  const gzipAt = (level: number) => () => gzipSync(json, { level });
  const level = (label: string, compress: () => Buffer, runs: number, against?: number) => {
    const ms = compressMs(compress, runs);
    line(label, `${ms.toFixed(1)} ms, ${kB(compress().length)}`, against === undefined ? undefined : { value: ms / against, against: 'the level used' });
    return ms;
  };
  const brUsed = level(`server CPU per first page: brotli q${COMPRESSION.brotliQuality} (used)`, brotliAt(COMPRESSION.brotliQuality), 7);
  level('  the same at brotli q11 (the highest)', brotliAt(11), 3, brUsed);
  const gzipUsed = level(`server CPU per first page: gzip ${COMPRESSION.gzipLevel} (used)`, gzipAt(COMPRESSION.gzipLevel), 7);
  level('  the same at gzip 9 (the highest)', gzipAt(9), 7, gzipUsed);

  // Alternating, so that a busy moment of the machine does not fall on one side only.
  const code = await bundleForBrowser('bench/browser/pull-bench.ts', 'PullBench');
  const runs = { compressed: [] as { pullMs: number; records: number; pullBytes: number }[], plain: [] as { pullMs: number; records: number; pullBytes: number }[] };
  for (let round = 0; round < rounds; round++) {
    runs.plain.push(await pullInChromium(browser, baseUrl, token, code, false));
    runs.compressed.push(await pullInChromium(browser, baseUrl, token, code, true));
  }
  const records = runs.plain[0]!.records;
  if (records < count) throw new Error(`first pull on the weak link: ${records} of at least ${count} records`);
  const plainMs = median(runs.plain.map((r) => r.pullMs));
  const compressedMs = median(runs.compressed.map((r) => r.pullMs));
  line(`Chromium, first pull of ${records} records, uncompressed`, `${(plainMs / 1000).toFixed(2)} s`);
  line(`Chromium, first pull of ${records} records, compressed`, `${(compressedMs / 1000).toFixed(2)} s`, { value: compressedMs / plainMs, against: 'the same pull uncompressed' });
  line(`  pull answers received by the browser, each way`, `${kB(median(runs.plain.map((r) => r.pullBytes)))} / ${kB(median(runs.compressed.map((r) => r.pullBytes)))}`);
  line(`  ${rounds} new devices each way, median above; s uncompressed/compressed`, runs.plain.map((r, i) => `${(r.pullMs / 1000).toFixed(1)}/${(runs.compressed[i]!.pullMs / 1000).toFixed(1)}`).join('  '));
}
