import { ROSTER_PAGE_MAX } from '../../domain';
import { getRosterPage } from '../api/roster-api';
import { clearStaging, commitStaging, stagePage, type RosterSyncState } from '../repositories/member-repository';

export interface DownloadProgress {
  received: number;
  total: number;
}

export interface RosterDownloadOptions {
  token: string;
  ownerUserId: string;
  pageSize?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborted on logout: nothing more may be written to the device after that. */
  signal?: AbortSignal;
}

export const DEFAULT_PAGE_SIZE = 200;

/**
 * Downloads the user's whole scope page by page into staging tables, then swaps it in for the roster at once.
 * If the signal drops halfway the old roster stays untouched and the next attempt starts over.
 */
export async function downloadRoster(options: RosterDownloadOptions): Promise<RosterSyncState> {
  const pageSize = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, ROSTER_PAGE_MAX);
  await clearStaging();

  let cursor: string | null = null;
  let received = 0;
  const seenCursors = new Set<string>();
  do {
    const page = await getRosterPage(options.token, cursor, pageSize, options.signal);
    await stagePage(page.members, page.pairings, options.signal);
    received += page.members.length;
    options.onProgress?.({ received, total: Math.max(page.total, received) });

    cursor = page.nextCursor;
    // A server that hands back a cursor twice would keep a worker's phone downloading forever.
    if (cursor !== null) {
      if (seenCursors.has(cursor)) throw new Error(`Roster paging repeated cursor ${cursor}`);
      seenCursors.add(cursor);
    }
  } while (cursor !== null);

  const syncedAt = new Date().toISOString();
  const total = await commitStaging({ ownerUserId: options.ownerUserId, syncedAt }, options.signal);
  return { ownerUserId: options.ownerUserId, syncedAt, total };
}
