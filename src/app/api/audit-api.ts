import { AuditPage, type AuditQuery } from '../../domain';
import { requestJson } from './http';

/** The filters a page is asked with: every one optional, as `GET /api/admin/audit` takes them. */
export type AuditFilters = Partial<Omit<AuditQuery, 'limit'>> & { limit?: number };

/** One page of the community's audit trail, newest first (src/domain/audit.ts, docs/ARCHITECTURE.md). */
export function getAuditPage(token: string, filters: AuditFilters): Promise<AuditPage> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') query.set(key, String(value));
  const search = query.toString();
  return requestJson(`/api/admin/audit${search === '' ? '' : `?${search}`}`, AuditPage, { token });
}
