import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { DEFAULT_CONFIG } from './config';
import { demoPasswords, seedDemo as seedDemoCommunity } from './demo';
import { lifeboatKeyPair } from './services/lifeboat-key';
import { purgeAudit } from './services/audit';
import { migrateToLatest, openStorage, type Db, type Storage } from './storage';

export interface StartOptions {
  /** 0 picks a free port. Defaults: see DEFAULT_CONFIG. */
  port?: number;
  /** Default 0.0.0.0 (reachable from the LAN). */
  host?: string;
  /** SQLite lives in `${dataDir}/doorstep.sqlite` unless databaseUrl is given. Default ./data. */
  dataDir?: string;
  /** PostgreSQL connection string; when absent SQLite is used. */
  databaseUrl?: string | null;
  /** The built PWA; a missing folder means API only. Default ./dist. */
  staticDir?: string | null;
  seedDemo?: boolean;
  logger?: boolean;
  sessionTtlHours?: number;
  /** null: no idle limit. Default: see DEFAULT_CONFIG. */
  sessionIdleMinutes?: number | null;
  loginRateLimit?: { max: number; windowMs: number };
  loginAccountLimit?: number;
  trustProxy?: boolean;
  lateRecordGraceDays?: number;
  /** Days audit entries are kept; purged at start and daily. Default: see DEFAULT_CONFIG. */
  auditRetentionDays?: number;
  deviceLeaseDays?: number;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT when listening on all interfaces, otherwise http://HOST:PORT. */
  url: string;
  port: number;
  app: FastifyInstance;
  storage: Storage;
  /** The same database the server uses, for tests that arrange or inspect data. */
  db: Db;
  /** Whether this start created the demo community (false when it existed or was not asked for). */
  seeded: boolean;
  /** The demo logins' passwords when this start created them (DEMO_PASSWORD, or generated), for main.ts to show once; empty otherwise. */
  demoPasswords: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

/** Opens the database, migrates it, optionally seeds the demo community, and listens. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  let app: FastifyInstance | undefined;
  const storage = openStorage({
    databaseUrl: opts.databaseUrl ?? null,
    dataDir: opts.dataDir ?? DEFAULT_CONFIG.dataDir,
    onBackgroundError: (error) => app?.log.error({ err: error }, 'database connection error'),
  });
  let auditPurge: NodeJS.Timeout | undefined;
  try {
    await migrateToLatest(storage.db);
    // The audit trail's retention (docs/DOMAIN.md §6): purged at start, then daily while the server runs.
    const retentionDays = opts.auditRetentionDays ?? DEFAULT_CONFIG.auditRetentionDays;
    await purgeAudit(storage.db, retentionDays);
    auditPurge = setInterval(() => {
      purgeAudit(storage.db, retentionDays).catch((error: unknown) => app?.log.error({ err: error }, 'audit purge failed'));
    }, 86_400_000);
    auditPurge.unref();
    const passwords = opts.seedDemo ? demoPasswords() : new Map<string, string>();
    const seeded = opts.seedDemo ? await seedDemoCommunity(storage.db, passwords) : false;
    // The lifeboat key pair is made at the first start, not at the first login that asks for it.
    await lifeboatKeyPair(storage.db);
    app = await buildApp({
      storage,
      staticDir: opts.staticDir === undefined ? DEFAULT_CONFIG.staticDir : opts.staticDir,
      sessionTtlHours: opts.sessionTtlHours ?? DEFAULT_CONFIG.sessionTtlHours,
      sessionIdleMinutes: opts.sessionIdleMinutes === undefined ? DEFAULT_CONFIG.sessionIdleMinutes : opts.sessionIdleMinutes,
      loginRateLimit: opts.loginRateLimit ?? DEFAULT_CONFIG.loginRateLimit,
      loginAccountLimit: opts.loginAccountLimit ?? DEFAULT_CONFIG.loginAccountLimit,
      trustProxy: opts.trustProxy ?? DEFAULT_CONFIG.trustProxy,
      lateRecordGraceDays: opts.lateRecordGraceDays ?? DEFAULT_CONFIG.lateRecordGraceDays,
      deviceLeaseDays: opts.deviceLeaseDays ?? DEFAULT_CONFIG.deviceLeaseDays,
      logger: opts.logger ?? false,
    });
    const host = opts.host ?? DEFAULT_CONFIG.host;
    await app.listen({ port: opts.port ?? DEFAULT_CONFIG.port, host });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('server is not listening on a TCP port');
    const { port } = address;
    const urlHost = ALL_INTERFACES.has(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    const running = app;
    return {
      url: `http://${urlHost}:${port}`,
      port,
      app: running,
      storage,
      db: storage.db,
      seeded,
      demoPasswords: seeded ? passwords : new Map(),
      async close() {
        clearInterval(auditPurge);
        await running.close();
        await storage.close();
      },
    };
  } catch (error) {
    clearInterval(auditPurge);
    await app?.close();
    await storage.close();
    throw error;
  }
}
