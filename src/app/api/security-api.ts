import { AdminDevice, DeviceList, LifeboatImportResult, SessionList, type LifeboatFile, type SessionInfo } from '../../domain';
import { requestJson, requestNoContent } from './http';

/**
 * One's own sessions and password, and the administrator's view of a user's devices and sessions and the lifeboat
 * import (src/domain/session-api.ts, device-api.ts, lifeboat.ts). All online: nothing here is kept on the device.
 */

const segment = encodeURIComponent;

export async function listMySessions(token: string): Promise<SessionInfo[]> {
  return (await requestJson('/api/me/sessions', SessionList, { token })).sessions;
}

export function endMySession(token: string, sessionId: string): Promise<void> {
  return requestNoContent(`/api/me/sessions/${segment(sessionId)}`, { method: 'DELETE', token });
}

/** The user's other sessions end; this one stays. */
export function changeMyPassword(token: string, currentPassword: string, newPassword: string): Promise<void> {
  return requestNoContent('/api/me/password', { method: 'POST', token, body: { currentPassword, newPassword } });
}

export async function listUserSessions(token: string, userId: string): Promise<SessionInfo[]> {
  return (await requestJson(`/api/admin/users/${segment(userId)}/sessions`, SessionList, { token })).sessions;
}

export function endUserSession(token: string, userId: string, sessionId: string): Promise<void> {
  return requestNoContent(`/api/admin/users/${segment(userId)}/sessions/${segment(sessionId)}`, { method: 'DELETE', token });
}

export async function listUserDevices(token: string, userId: string): Promise<AdminDevice[]> {
  return (await requestJson(`/api/admin/users/${segment(userId)}/devices`, DeviceList, { token })).devices;
}

export function markDeviceLost(token: string, deviceId: string): Promise<AdminDevice> {
  return requestJson(`/api/admin/devices/${segment(deviceId)}/lost`, AdminDevice, { method: 'POST', token });
}

export function restoreDevice(token: string, deviceId: string): Promise<AdminDevice> {
  return requestJson(`/api/admin/devices/${segment(deviceId)}/restore`, AdminDevice, { method: 'POST', token });
}

export function importLifeboat(token: string, file: LifeboatFile): Promise<LifeboatImportResult> {
  return requestJson('/api/admin/lifeboats', LifeboatImportResult, { method: 'POST', token, body: file });
}
