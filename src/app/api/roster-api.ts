import { RosterPage } from '../../domain';
import { requestJson } from './http';

export function getRosterPage(
  token: string,
  cursor: string | null,
  limit: number,
  signal?: AbortSignal,
): Promise<RosterPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  return requestJson(`/api/roster?${query.toString()}`, RosterPage, { token, signal });
}
