import { Dexie, type EntityTable } from 'dexie';
import type { Member, MemberStatus, Organisation, Pairing, User } from '../../domain';

/**
 * A member as stored on the device. Only ids, dates, status and the walking-order key are indexed:
 * names, phones, addresses and health will be encrypted inside `payload`, and encrypted fields cannot be indexed.
 */
export interface MemberRow {
  id: string;
  branchId: string | null;
  status: MemberStatus;
  walkKey: string;
  birthDate: string;
  updatedAt: string;
  payload: Member;
}

export interface PairingRow {
  id: string;
  memberId: string;
  payload: Pairing;
}

/**
 * The one session of this device. After the server says the session expired the row stays with `token: null`,
 * so the login form can offer the same username and the roster is kept for that user.
 */
export interface SessionRow {
  key: 'current';
  token: string | null;
  expiresAt: string;
  user: User;
  organisations: Organisation[];
  savedAt: string;
}

/** Whose roster is on the device and when it was last downloaded in full. */
export interface SyncStateRow {
  key: 'roster';
  ownerUserId: string;
  syncedAt: string;
  total: number;
}

export const DATABASE_NAME = 'doorstep';

export class DoorstepDatabase extends Dexie {
  session!: EntityTable<SessionRow, 'key'>;
  members!: EntityTable<MemberRow, 'id'>;
  pairings!: EntityTable<PairingRow, 'id'>;
  /** Pages of a download in progress; copied over `members` in one transaction when the last page arrived. */
  stagedMembers!: EntityTable<MemberRow, 'id'>;
  stagedPairings!: EntityTable<PairingRow, 'id'>;
  syncState!: EntityTable<SyncStateRow, 'key'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      session: 'key',
      members: 'id, branchId, status, walkKey',
      pairings: 'id, memberId',
      stagedMembers: 'id',
      stagedPairings: 'id',
      syncState: 'key',
    });
  }
}

export const db = new DoorstepDatabase();
