import { PROTOCOL_HEADER, PullResponse, PushResponse, SYNC_PROTOCOL_VERSION, type MutationEnvelope } from '../../domain';
import { requestJson } from './http';

export function postPush(token: string, clientId: string, mutations: MutationEnvelope[], signal?: AbortSignal): Promise<PushResponse> {
  return requestJson('/api/sync/push', PushResponse, {
    method: 'POST',
    token,
    body: { clientId, mutations },
    headers: { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) },
    signal,
  });
}

/** The server's largest page: fewer round trips on a first sync over a slow link. */
export const PULL_PAGE_SIZE = 1000;

/** What a pull tells the server about the device, for the administrator's list of devices and the coverage. */
export interface DeviceReport {
  clientId: string;
  /** Records waiting in the outbox. */
  unsent: number;
  /** When the oldest of them was made; null when none waits. */
  oldestPendingAt: string | null;
  appVersion: string;
}

export function getPull(token: string, cursor: number, scope: string | null, signal?: AbortSignal, device?: DeviceReport): Promise<PullResponse> {
  const query = new URLSearchParams({ cursor: String(cursor), limit: String(PULL_PAGE_SIZE) });
  if (scope !== null) query.set('scope', scope);
  if (device) {
    query.set('clientId', device.clientId);
    query.set('unsent', String(device.unsent));
    if (device.oldestPendingAt !== null) query.set('oldestPendingAt', device.oldestPendingAt);
    query.set('appVersion', device.appVersion);
  }
  return requestJson(`/api/sync/pull?${query.toString()}`, PullResponse, {
    token,
    headers: { [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION) },
    signal,
  });
}
