import { LoginResponse, MeResponse, type LoginRequest } from '../../domain';
import { requestJson, requestNoContent } from './http';

export function postLogin(credentials: LoginRequest): Promise<LoginResponse> {
  return requestJson('/api/auth/login', LoginResponse, { method: 'POST', body: credentials });
}

export function postLogout(token: string): Promise<void> {
  return requestNoContent('/api/auth/logout', { method: 'POST', token });
}

export function getMe(token: string): Promise<MeResponse> {
  return requestJson('/api/me', MeResponse, { token });
}

/** The device confirms it wipes itself, as the server asked (410 DEVICE_WIPE): its sessions end there. */
export function postDeviceWiped(token: string): Promise<void> {
  return requestNoContent('/api/device/wiped', { method: 'POST', token });
}
