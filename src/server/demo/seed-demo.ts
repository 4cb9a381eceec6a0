import { randomUUID } from 'node:crypto';
import type { Member, Pairing, User } from '../../domain';
import { addMembers } from '../services/members';
import { createBranch, createCommunity, createStreet } from '../services/organisations';
import { addPairings } from '../services/pairings';
import { createUser } from '../services/users';
import { memberFromRow } from '../storage/rows';
import type { Db } from '../storage/tables';
import { demoDuesYear, seedDemoDues } from './dues';
import { seedDemoLedger } from './ledger';
import { DEMO_LOGINS, demoPasswords, type DemoPasswords } from './logins';
import { DEMO_COMPOUNDS, demoMembers } from './members';
import { createRandom } from './prng';

export const DEMO_STREET_NAME = '和平街道';
export const DEMO_COMMUNITY_NAME = '光明社区';
export const DEMO_ESTABLISHED_BRANCH_NAME = '光明社区离退休干部第一党支部';
export const DEMO_NON_ESTABLISHED_BRANCH_NAME = '光明社区离退休干部联合党支部';
const DEMO_SEED = 20260101;
const DEMO_DUES_SEED = 20260102;
const DEMO_LEDGER_SEED = 20260103;

/**
 * Creates the demo community (和平街道 › 光明社区, two branches, ~60 members, 4 workers, a secretary and an
 * admin), with the established branch's dues policy and 2026 assessments. When the demo street exists
 * already it only adds the dues terms if they are missing (a demo seeded before they existed). Returns
 * whether it created anything. The logins get `passwords` (by default DEMO_PASSWORD, or each a generated one):
 * only their hashes are stored, so whoever starts the demo is shown them once (main.ts).
 */
export async function seedDemo(db: Db, passwords: DemoPasswords = demoPasswords()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'street')
      .where('name', '=', DEMO_STREET_NAME)
      .executeTakeFirst();
    if (existing) return seedDuesOfExistingDemo(trx, existing.id);

    const street = await createStreet(trx, DEMO_STREET_NAME);
    const community = await createCommunity(trx, street.id, DEMO_COMMUNITY_NAME);
    const established = await createBranch(trx, community.id, 'established', DEMO_ESTABLISHED_BRANCH_NAME);
    const nonEstablished = await createBranch(trx, community.id, 'non_established', DEMO_NON_ESTABLISHED_BRANCH_NAME);

    const users: User[] = [];
    for (const login of DEMO_LOGINS) {
      users.push(
        await createUser(trx, {
          username: login.username,
          password: passwords.get(login.username) ?? '',
          displayName: login.displayName,
          role: login.role,
          communityId: community.id,
          branchId: login.role === 'secretary' ? established.id : null,
        }),
      );
    }

    const now = new Date();
    const random = createRandom(DEMO_SEED);
    const members = await addMembers(
      trx,
      demoMembers(random, { communityId: community.id, establishedBranchId: established.id, nonEstablishedBranchId: nonEstablished.id }, now),
    );
    await addPairings(trx, demoPairings(random, members, users.filter((u) => u.role === 'worker'), now));
    await seedDemoDues(trx, members, established.id, createRandom(DEMO_DUES_SEED), demoDuesYear(now));
    await seedDemoLedger(trx, established.id, now, createRandom(DEMO_LEDGER_SEED));
    return true;
  });
}

/** A demo seeded before dues or the ledgers existed gets them on the next start; otherwise nothing happens. */
async function seedDuesOfExistingDemo(trx: Db, streetId: string): Promise<boolean> {
  const branch = await trx
    .selectFrom('organisations as branch')
    .innerJoin('organisations as community', 'community.id', 'branch.parent_id')
    .select(['branch.id', 'community.id as communityId'])
    .where('community.parent_id', '=', streetId)
    .where('branch.name', '=', DEMO_ESTABLISHED_BRANCH_NAME)
    .executeTakeFirst();
  if (!branch) return false;
  // An order that does not depend on the random ids (name, then birth date), so the books come out the same.
  const rows = (await trx.selectFrom('members').selectAll().where('community_id', '=', branch.communityId).execute()).sort((a, b) =>
    `${a.name}|${a.birth_date}` < `${b.name}|${b.birth_date}` ? -1 : `${a.name}|${a.birth_date}` > `${b.name}|${b.birth_date}` ? 1 : 0,
  );
  const now = new Date();
  const dues = await seedDemoDues(trx, rows.map(memberFromRow), branch.id, createRandom(DEMO_DUES_SEED), demoDuesYear(now));
  const ledger = await seedDemoLedger(trx, branch.id, now, createRandom(DEMO_LEDGER_SEED));
  return dues || ledger;
}

/**
 * Each worker looks after one 小区, so their walking route stays short. Everyone still on the roster gets a
 * primary worker, every seventh a backup; members who died or moved away keep an ended pairing as history.
 */
function demoPairings(
  random: ReturnType<typeof createRandom>,
  members: Member[],
  workers: User[],
  now: Date,
): (Pairing & { endedAt: string | null })[] {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const compounds: readonly string[] = DEMO_COMPOUNDS;
  return members.flatMap((member, index) => {
    const area = Math.max(0, compounds.indexOf(member.address.compound));
    const primary = workers[area % workers.length];
    const backup = workers[(area + 1) % workers.length];
    if (!primary || !backup) return [];
    const sinceDays = random.int(60, 700);
    const pairing = (workerId: string, role: Pairing['role'], endedAt: string | null) => ({
      id: randomUUID(),
      workerId,
      memberId: member.id,
      role,
      since: daysAgo(sinceDays),
      endedAt,
    });
    if (member.status === 'deceased' || member.status === 'transferred') {
      return [pairing(primary.id, 'primary', daysAgo(random.int(1, sinceDays - 1)))];
    }
    return index % 7 === 3
      ? [pairing(primary.id, 'primary', null), pairing(backup.id, 'backup', null)]
      : [pairing(primary.id, 'primary', null)];
  });
}
