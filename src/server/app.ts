import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { DEFAULT_CONFIG } from './config';
import { installCompression } from './http/compression';
import { installErrorHandler } from './http/error-handler';
import { installJsonBodyParser } from './http/json-body';
import { preRoutingErrorOptions, requireHost } from './http/pre-routing-errors';
import { RequestLog } from './http/request-log';
import { installSecurityHeaders, securityHeaders } from './http/security-headers';
import { installStaticFiles } from './http/static-files';
import { adminAuditRoutes } from './routes/admin-audit';
import { adminCampaignRoutes } from './routes/admin-campaigns';
import { adminMemberRoutes } from './routes/admin-members';
import { adminOrganisationRoutes } from './routes/admin-organisation';
import { adminPairingRoutes } from './routes/admin-pairings';
import { adminUserRoutes } from './routes/admin-users';
import { adminVisitSettingsRoutes } from './routes/admin-visit-settings';
import { authRoutes } from './routes/auth';
import { campaignProgressRoutes } from './routes/campaign-progress';
import { coverageRoutes } from './routes/coverage';
import { deviceRoutes } from './routes/devices';
import { formRoutes } from './routes/forms';
import { healthRoutes } from './routes/health';
import { ledgerRoutes } from './routes/ledger';
import { meRoutes } from './routes/me';
import { memberRoutes } from './routes/members';
import { rosterImportRoutes } from './routes/roster-import';
import { schemaRoutes } from './routes/schema';
import { sessionRoutes } from './routes/sessions';
import { syncRoutes } from './routes/sync';
import type { Storage } from './storage';

export interface AppDeps {
  storage: Storage;
  sessionTtlHours: number;
  /** Failures per client address (max, across usernames) before a wait of windowMs, doubled by each further one. */
  loginRateLimit: { max: number; windowMs: number };
  /** Failures per account before it waits (default 5); its user's successful login forgets them. */
  loginAccountLimit?: number;
  /** Minutes a secretary's or administrator's session may go unused (default none; main.ts sets 30). */
  sessionIdleMinutes?: number | null;
  /** The built PWA; null or a missing folder means API only. */
  staticDir?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Believe X-Forwarded-For (only behind the operator's own reverse proxy). */
  trustProxy?: boolean;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Days a worker's records made during an ended pairing are still accepted (default 30, docs/DOMAIN.md §6). */
  lateRecordGraceDays?: number;
  /** Days a device may stay offline before only an online login opens its data (default 14, docs/DOMAIN.md §6). */
  deviceLeaseDays?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The whole HTTP server without a port, so tests drive it with app.inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // zod's built-in messages (wrong type, missing field) reach users in validation details: make them Chinese.
  z.config(z.locales.zhCN());

  const headers = securityHeaders();
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new RequestLog(),
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: deps.trustProxy ?? false,
    // Refusals by the router and by Node's parser answer in the project's shape too.
    ...preRoutingErrorOptions(headers),
  });
  app.decorateRequest('authUser', null);
  app.decorateRequest('authSessionId', null);
  app.decorateRequest('authDeviceId', null);
  app.decorate('sessionPolicy', { idleMinutes: deps.sessionIdleMinutes ?? null });
  installJsonBodyParser(app);
  installErrorHandler(app);
  await installSecurityHeaders(app, headers);
  // After the headers' hook, so its refusal carries them.
  requireHost(app);
  // Before the routes, whose answers it compresses (it hooks each route as it is added).
  await installCompression(app);

  await app.register(healthRoutes(deps.storage));
  const loginThrottle = { addressLimit: deps.loginRateLimit.max, accountLimit: deps.loginAccountLimit ?? DEFAULT_CONFIG.loginAccountLimit, windowMs: deps.loginRateLimit.windowMs };
  const deviceLeaseDays = deps.deviceLeaseDays ?? DEFAULT_CONFIG.deviceLeaseDays;
  await app.register(authRoutes({ storage: deps.storage, sessionTtlHours: deps.sessionTtlHours, loginThrottle, deviceLeaseDays }));
  await app.register(meRoutes(deps.storage, deviceLeaseDays));
  await app.register(sessionRoutes(deps.storage, loginThrottle));
  await app.register(memberRoutes(deps.storage));
  await app.register(formRoutes(deps.storage));
  await app.register(syncRoutes(deps.storage, deps.lateRecordGraceDays === undefined ? undefined : { lateRecordGraceDays: deps.lateRecordGraceDays }));
  await app.register(schemaRoutes());
  await app.register(ledgerRoutes(deps.storage));
  await app.register(coverageRoutes(deps.storage));
  await app.register(campaignProgressRoutes(deps.storage));
  await app.register(adminMemberRoutes(deps.storage));
  await app.register(adminUserRoutes(deps.storage));
  await app.register(adminPairingRoutes(deps.storage));
  await app.register(adminOrganisationRoutes(deps.storage));
  await app.register(adminVisitSettingsRoutes(deps.storage));
  await app.register(adminCampaignRoutes(deps.storage));
  await app.register(rosterImportRoutes(deps.storage));
  await app.register(adminAuditRoutes(deps.storage));
  await app.register(deviceRoutes(deps.storage, deps.lateRecordGraceDays === undefined ? undefined : { lateRecordGraceDays: deps.lateRecordGraceDays }));
  await installStaticFiles(app, deps.staticDir ?? null);
  return app;
}
