import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminDevice, DeviceList, DomainError, Id, LifeboatFile, LifeboatImportResult, LifeboatKey, describeIssues } from '../../domain';
import { currentSessionId, currentUser, requireAuth, requireRole } from '../http/auth';
import { NO_CONTENT, route } from '../http/route';
import { appSource } from '../http/audit-source';
import { changeDeviceStanding, communityUserDevices, confirmWiped } from '../services/devices';
import { importLifeboat } from '../services/lifeboat-import';
import { lifeboatKey } from '../services/lifeboat-key';
import type { PushOptions } from '../services/sync-push';
import type { Storage } from '../storage';

const Params = z.object({ id: Id });

/** A lifeboat of weeks offline with photos of nothing: 20 MB is thousands of records. */
export const LIFEBOAT_BODY_LIMIT = 20 * 1024 * 1024;

/** Devices (src/domain/device-api.ts): a device's confirmation of its wipe, the lifeboat key, the admin's devices and lifeboats. */
export function deviceRoutes(storage: Storage, pushOptions?: PushOptions) {
  const db = storage.db;
  return async (app: FastifyInstance) => {
    const admin = { preHandler: requireRole(db, 'admin') };

    app.post(
      '/api/device/wiped',
      { preHandler: requireAuth(db, { duringWipe: true }) },
      route({ response: NO_CONTENT }, async ({ request }) => {
        await confirmWiped(db, currentSessionId(request), request.authDeviceId);
        return undefined;
      }),
    );
    app.get('/api/lifeboat-key', { preHandler: requireAuth(db) }, route({ response: LifeboatKey }, () => lifeboatKey(db)));

    app.get(
      '/api/admin/users/:id/devices',
      admin,
      route({ params: Params, response: DeviceList }, async ({ params, request }) => ({ devices: await communityUserDevices(db, currentUser(request), params.id) })),
    );
    app.post(
      '/api/admin/devices/:id/lost',
      admin,
      route({ params: Params, response: AdminDevice }, ({ params, request }) => changeDeviceStanding(db, { admin: currentUser(request), source: appSource(request) }, params.id, 'lost')),
    );
    app.post(
      '/api/admin/devices/:id/restore',
      admin,
      route({ params: Params, response: AdminDevice }, ({ params, request }) => changeDeviceStanding(db, { admin: currentUser(request), source: appSource(request) }, params.id, 'restore')),
    );
    app.post(
      '/api/admin/lifeboats',
      { ...admin, bodyLimit: LIFEBOAT_BODY_LIMIT },
      route(
        {
          body: LifeboatFile,
          response: LifeboatImportResult,
          invalid: (issues) => new DomainError('LIFEBOAT_UNREADABLE', { message: '这不是救生包文件，或文件格式不正确', details: describeIssues(issues) }),
        },
        ({ body, request }) => importLifeboat(db, body, { admin: currentUser(request), source: appSource(request), log: request.log, ...(pushOptions === undefined ? {} : { push: pushOptions }) }),
      ),
    );
  };
}
