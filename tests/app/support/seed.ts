import type { Change, Member, Pairing } from '../../../src/domain';
import { setLastSyncAt } from '../../../src/app/repositories/meta-repository';
import { applyPulledPage } from '../../../src/app/repositories/pull-repository';
import { saveLogin } from '../../../src/app/repositories/session-repository';
import { COLLEAGUES, loginResponse, makeUser, ORGANISATIONS } from './fixtures';

/** Puts a logged-in session on the device through the app's own repository, as a past login would have. */
export async function seedSession(user = makeUser()): Promise<void> {
  await saveLogin(loginResponse(user), ORGANISATIONS, COLLEAGUES);
}

/** The change log entries a server would send for these members and pairings, from version `from` + 1 on. */
export function rosterChanges(members: Member[], pairings: Pairing[] = [], from = 0): Change[] {
  return [
    ...members.map((member) => ({ entity: 'member' as const, id: member.id, data: member })),
    ...pairings.map((pairing) => ({ entity: 'pairing' as const, id: pairing.id, data: pairing })),
  ].map((change, i) => ({ version: from + i + 1, op: 'upsert' as const, ...change }));
}

/** When the seeded roster was synced: 09:15 in Beijing. */
export const SEEDED_SYNC_AT = '2026-01-06T01:15:00.000Z';

/**
 * Puts a roster on the device through the app's own pull code, as a past sync would have (with its time). The
 * device's data belongs to the stored session's user (seedSession): `_ownerUserId` is no longer stored anywhere.
 */
export async function seedRoster(members: Member[], pairings: Pairing[] = [], _ownerUserId?: string): Promise<void> {
  const changes = rosterChanges(members, pairings);
  await applyPulledPage({ changes, cursor: changes.length, scope: 'seeded', reset: false });
  await setLastSyncAt(SEEDED_SYNC_AT);
}
