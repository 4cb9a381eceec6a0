import { z } from 'zod';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL when set, SQLite in dataDir otherwise. */
  databaseUrl: string | null;
  sessionTtlHours: number;
  /** Minutes a secretary's or administrator's session may go unused before it ends; null: no limit. */
  sessionIdleMinutes: number | null;
  staticDir: string;
  /** Failed logins per client address, across usernames, before it waits `windowMs`, doubled by each further one. */
  loginRateLimit: { max: number; windowMs: number };
  /** Failed logins per account, from any address, before it waits the same growing time. */
  loginAccountLimit: number;
  /**
   * Behind the TLS reverse proxy that phones need, the client address is in X-Forwarded-For; trusting it
   * keeps the login throttle per device instead of per proxy. Off by default: a directly exposed server
   * must not believe a header any client can forge.
   */
  trustProxy: boolean;
  /**
   * Days after a worker's pairing ended during which records they made while it was in force are still
   * accepted (docs/DOMAIN.md §6): a phone offline for weeks still delivers its visits.
   */
  lateRecordGraceDays: number;
  /**
   * Days an audit entry is kept before the daily purge deletes it (docs/DOMAIN.md §6: PIPL's impact records are
   * kept at least three years).
   */
  auditRetentionDays: number;
  /**
   * Days a device may stay offline before its encrypted data opens only after an online login (docs/DOMAIN.md
   * §6): it extends the lease at every contact, so a lost phone stops opening even with the PIN.
   */
  deviceLeaseDays: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  databaseUrl: null,
  // Workers stay offline for days in old blocks without signal: two weeks before they must sign in again.
  sessionTtlHours: 336,
  // A secretary's tablet or an administrator's desk shows a whole branch or community: left unused for half an
  // hour, it asks for the password again. Workers are not idle-limited (they stay offline for days).
  sessionIdleMinutes: 30,
  staticDir: './dist',
  loginRateLimit: { max: 10, windowMs: 5 * 60_000 },
  // Fewer than per address: one person mistypes a few times; an office of people behind one address more often.
  loginAccountLimit: 5,
  trustProxy: false,
  lateRecordGraceDays: 30,
  auditRetentionDays: 1_095,
  // A worker's fortnight offline in blocks without signal, the same as a session's life.
  deviceLeaseDays: 14,
};

const positiveInt = z.coerce.number().int().positive();

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_CONFIG.port),
  HOST: z.string().default(DEFAULT_CONFIG.host),
  DATA_DIR: z.string().default(DEFAULT_CONFIG.dataDir),
  DATABASE_URL: z.string().optional(),
  SESSION_TTL_HOURS: positiveInt.default(DEFAULT_CONFIG.sessionTtlHours),
  /** 0 turns the idle limit off. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(0).default(DEFAULT_CONFIG.sessionIdleMinutes ?? 0),
  STATIC_DIR: z.string().default(DEFAULT_CONFIG.staticDir),
  /** Failed logins per client address (across usernames), then a wait of the window, doubled by each further failure. */
  LOGIN_RATE_LIMIT: positiveInt.default(DEFAULT_CONFIG.loginRateLimit.max),
  LOGIN_RATE_WINDOW_MINUTES: positiveInt.default(DEFAULT_CONFIG.loginRateLimit.windowMs / 60_000),
  LOGIN_ACCOUNT_LIMIT: positiveInt.default(DEFAULT_CONFIG.loginAccountLimit),
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false'], { error: '应为 0、1、true 或 false' }).optional(),
  LATE_RECORD_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(DEFAULT_CONFIG.lateRecordGraceDays),
  AUDIT_RETENTION_DAYS: positiveInt.default(DEFAULT_CONFIG.auditRetentionDays),
  DEVICE_LEASE_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_CONFIG.deviceLeaseDays),
});

/** Reads the environment; throws naming the offending variable when a value is not usable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable (PORT= in a .env file) means "not set", not zero.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = Env.safeParse(set);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`环境变量配置错误 / invalid environment: ${problems}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? null,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES === 0 ? null : e.SESSION_IDLE_MINUTES,
    staticDir: e.STATIC_DIR,
    loginRateLimit: { max: e.LOGIN_RATE_LIMIT, windowMs: e.LOGIN_RATE_WINDOW_MINUTES * 60_000 },
    loginAccountLimit: e.LOGIN_ACCOUNT_LIMIT,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    lateRecordGraceDays: e.LATE_RECORD_GRACE_DAYS,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    deviceLeaseDays: e.DEVICE_LEASE_DAYS,
  };
}
