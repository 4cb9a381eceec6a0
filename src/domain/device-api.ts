import { z } from 'zod';
import { Id, IsoInstant } from './common';

/**
 * Devices (issue 14 §3, docs/DOMAIN.md §6). A device is named by its sync client id; at each online login it is
 * given a secret of its own (the same while it stays in good standing) that, with the user's password, unwraps
 * the key of its encrypted data. An administrator marks a lost device; disabling a user marks all theirs; on its
 * next contact such a device pushes what it has unsent and then wipes itself.
 *
 *   POST /api/auth/login  { …, clientId? }          → LoginResponse + device, lifeboatKey (with clientId)
 *   GET  /api/me                                    → MeResponse + device { leaseDays } (a device in good standing)
 *   POST /api/device/wiped                          → 204 (the device confirms; its sessions end)
 *   GET  /api/lifeboat-key                          → LifeboatKey
 *   GET  /api/admin/users/:id/devices               → DeviceList
 *   POST /api/admin/devices/:id/lost                → AdminDevice (wipe on next contact)
 *   POST /api/admin/devices/:id/restore             → AdminDevice (lost, not yet wiped → active)
 *   POST /api/admin/lifeboats  LifeboatFile         → LifeboatImportResult (src/domain/lifeboat.ts)
 */

/** active: in good standing; lost: an administrator marked it (wipe pending); wiped: it confirmed the wipe. */
export const DeviceStanding = z.enum(['active', 'lost', 'wiped']);
export type DeviceStanding = z.infer<typeof DeviceStanding>;

/** Why a wipe was asked for: the device was marked lost, or its user was disabled. */
export const WipeReason = z.enum(['lost', 'user_disabled']);
export type WipeReason = z.infer<typeof WipeReason>;

/** What a login with a clientId gives the device. */
export const DeviceGrant = z.object({
  /** The clientId the login named. */
  id: Id,
  /** base64url of 32 random bytes, the same at every login of this device by this user while in good standing. */
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** Days the device may stay offline before only an online login opens its data again (DEVICE_LEASE_DAYS). */
  leaseDays: z.number().int().min(1),
});
export type DeviceGrant = z.infer<typeof DeviceGrant>;

export const DeviceLease = z.object({ leaseDays: z.number().int().min(1) });
export type DeviceLease = z.infer<typeof DeviceLease>;

/** A device as its user's administrator sees it. */
export const AdminDevice = z.object({
  id: Id,
  userId: Id,
  standing: DeviceStanding,
  firstSignInAt: IsoInstant,
  lastSignInAt: IsoInstant,
  /** The last authenticated request from it (to the minute). */
  lastContactAt: IsoInstant.nullable(),
  userAgent: z.string().nullable(),
  wipeRequestedAt: IsoInstant.nullable(),
  wipeReason: WipeReason.nullable(),
  wipedAt: IsoInstant.nullable(),
});
export type AdminDevice = z.infer<typeof AdminDevice>;

/** A user's devices, the most recently signed in first. */
export const DeviceList = z.object({ devices: z.array(AdminDevice) });
export type DeviceList = z.infer<typeof DeviceList>;

