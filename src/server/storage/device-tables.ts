import type { DeviceStanding, WipeReason } from '../../domain';

/**
 * Devices and the server's own keys (migration 0012, services/devices.ts, services/lifeboat-key.ts).
 * `sessions.device_id` (in tables.ts) names the device a session was opened on.
 */
export interface DevicesTable {
  /** The device's sync client id. */
  id: string;
  user_id: string;
  /** base64url of 32 random bytes: with the password, it unwraps the device's data key (docs/DOMAIN.md §6). */
  secret: string;
  standing: DeviceStanding;
  first_sign_in_at: string;
  last_sign_in_at: string;
  /** The last authenticated request made with one of its sessions (to the minute); null until then. */
  last_contact_at: string | null;
  user_agent: string | null;
  wipe_requested_at: string | null;
  wipe_reason: WipeReason | null;
  wiped_at: string | null;
}

/** Key pairs the server keeps for itself; 'lifeboat': the ECDH P-256 pair devices encrypt lifeboat files to. */
export interface ServerKeysTable {
  purpose: string;
  key_id: string;
  /** JWKs as JSON text; the private half never leaves the server. */
  public_jwk: string;
  private_jwk: string;
  created_at: string;
}

export interface DeviceSchema {
  devices: DevicesTable;
  server_keys: ServerKeysTable;
}
