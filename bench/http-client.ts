import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../src/domain';

/**
 * A keep-alive JSON client, as a phone's browser would use — asking for a compressed answer as browsers do, and
 * paying for inflating it; returns status, body and latency.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });

export async function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown; ms: number }> {
  const payload = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'accept-encoding': 'gzip, deflate, br',
          [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          // The answer has arrived: what this process then does with it is not the server's time.
          const ms = performance.now() - started;
          const text = inflate(res.headers['content-encoding'], Buffer.concat(chunks)).toString();
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, ms });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The body as the client reads it once it has undone the Content-Encoding. */
export function inflate(encoding: string | undefined, body: Buffer): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === undefined || encoding === 'identity') return body;
  throw new Error(`unexpected Content-Encoding ${encoding}`);
}

export async function logIn(baseUrl: string, username: string, password: string): Promise<{ token: string; userId: string }> {
  const answer = await postJson(`${baseUrl}/api/auth/login`, { username, password });
  if (answer.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(answer.body)}`);
  const body = answer.body as { token: string; user: { id: string } };
  return { token: body.token, userId: body.user.id };
}

/** The ids of the members in a user's scope, as a device learns them: the member entities of a pull from 0. */
export async function memberIdsInScope(baseUrl: string, token: string): Promise<string[]> {
  const ids = new Set<string>();
  for (let cursor = 0; ; ) {
    const answer = await fetch(`${baseUrl}/api/sync/pull?cursor=${cursor}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await answer.json()) as { changes: { entity: string; id: string; op: string }[]; cursor: number; hasMore: boolean };
    for (const change of page.changes) if (change.entity === 'member' && change.op === 'upsert') ids.add(change.id);
    cursor = page.cursor;
    if (!page.hasMore) return [...ids];
  }
}
