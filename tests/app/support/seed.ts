import type { Member, Pairing } from '../../../src/domain';
import { commitStaging, stagePage } from '../../../src/app/repositories/member-repository';
import { saveLogin } from '../../../src/app/repositories/session-repository';
import { COLLEAGUES, loginResponse, makeUser, ORGANISATIONS } from './fixtures';

/** Puts a logged-in session on the device through the app's own repository, as a past login would have. */
export async function seedSession(user = makeUser()): Promise<void> {
  await saveLogin(loginResponse(user), ORGANISATIONS, COLLEAGUES);
}

/** Puts a downloaded roster on the device through the app's own repository, as a past download would have. */
export async function seedRoster(members: Member[], pairings: Pairing[] = [], ownerUserId = makeUser().id): Promise<void> {
  await stagePage(members, pairings);
  await commitStaging({ ownerUserId, syncedAt: '2026-01-06T01:15:00.000Z' });
}
