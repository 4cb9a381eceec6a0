import { randomUUID } from 'node:crypto';
import type { Db } from '../src/server/storage';
import { pairWorker } from '../src/server/services/pairings';
import { createUser } from '../src/server/services/users';
import { logIn, postJson } from './http-client';
import { visitMutations } from './mutations';
import { heading, line, median, percentile } from './report';

/**
 * 300 workers syncing at once, as after a morning meeting when everyone's phone finds the office Wi-Fi:
 * each pushes a batch of 10 visits, three rounds; latency per push request.
 */
export async function benchManyWorkers(baseUrl: string, db: Db, workers: number, password: string): Promise<void> {
  heading(`${workers} workers pushing (batches of 10 visits, 3 rounds each way)`);
  const community = await db.selectFrom('organisations').select('id').where('kind', '=', 'community').executeTakeFirstOrThrow();
  const members = await db.selectFrom('members').select('id').where('status', '=', 'active').execute();
  const accounts: { token: string; userId: string; memberIds: string[] }[] = [];
  for (let i = 0; i < workers; i += 25) {
    const chunk = await Promise.all(
      Array.from({ length: Math.min(25, workers - i) }, async (_, k) => {
        const username = `bench${String(i + k).padStart(3, '0')}`;
        await createUser(db, { username, password, displayName: `压测专员${i + k}`, role: 'worker', communityId: community.id, branchId: null });
        const memberIds = [members[(i + k) % members.length]!.id, members[(i + k + 7) % members.length]!.id];
        for (const memberId of memberIds) await pairWorker(db, { workerUsername: username, memberId, role: 'backup' });
        return { ...(await logIn(baseUrl, username, password)), memberIds };
      }),
    );
    accounts.push(...chunk);
  }

  // Burst: every phone pushes at the same instant (the morning meeting's Wi-Fi). Spread: the same pushes
  // arriving over 10 s, as 300 phones regaining signal on their rounds do.
  for (const [label, spreadMs] of [['all at the same instant', 0], ['spread over 10 s', 10_000]] as const) {
    const latencies: number[] = [];
    let errors = 0;
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        accounts.map(async (a) => {
          if (spreadMs > 0) await new Promise((r) => setTimeout(r, Math.random() * spreadMs));
          const answer = await postJson(
            `${baseUrl}/api/sync/push`,
            { clientId: randomUUID(), mutations: visitMutations(a.userId, a.memberIds, 10, 1) },
            a.token,
          );
          latencies.push(answer.ms);
          const results = (answer.body as { results?: { status: string }[] }).results ?? [];
          if (answer.status !== 200 || results.some((r) => r.status !== 'applied')) errors++;
        }),
      );
    }
    line(`${label}: push requests`, `${latencies.length}`);
    line(`${label}: median latency`, `${median(latencies).toFixed(0)} ms`);
    line(`${label}: p99 latency (goal < 250 ms)`, `${percentile(latencies, 99).toFixed(0)} ms`);
    line(`${label}: errors (goal 0)`, `${errors}`);
  }
}
