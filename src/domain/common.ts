import { z } from 'zod';

/** Every record id is a UUID so that devices can create records offline without asking the server. */
export const Id = z.uuid({ error: '必须是有效的 UUID' });
export type Id = z.infer<typeof Id>;

/** Calendar dates (birth dates, deadlines) carry no time zone: YYYY-MM-DD. */
export const IsoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
export type IsoDate = z.infer<typeof IsoDate>;

/** Instants are stored in UTC; the app shows them in Asia/Shanghai. */
export const IsoInstant = z.iso.datetime({ offset: false, error: '时间应为 UTC 的 ISO 8601 格式' });
export type IsoInstant = z.infer<typeof IsoInstant>;

/** A month of the dues ledger, e.g. 2026-03. */
export const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' });
export type YearMonth = z.infer<typeof YearMonth>;

/** Money is always integer 分 (fen); never a float of 元. */
export const Fen = z.number().int({ error: '金额必须是整数（分）' });
export type Fen = z.infer<typeof Fen>;
export const NonNegativeFen = Fen.min(0, { error: '金额不能为负数' });

/**
 * Ceilings on money, per record kind, named in the schemas: far inside the safe-integer range (2^53 fen), so
 * that no total the ledgers add up — a district's records over years — can lose precision. A record above its
 * ceiling is a typing error or a hostile device, never a real payment.
 */
export const FEN_CEILING = {
  /** One dues payment or its reversal, voluntary extra included: 1,000,000 元. */
  payment: 100_000_000,
  /** A monthly pension base (核定): 100,000 元. */
  monthlyBase: 10_000_000,
  /** One cash handover, remittance, adjustment or duplicate resolution: 1,000,000 元. */
  ledgerEntry: 100_000_000,
  /** 慰问金 delivered on one visit item: 100,000 元. */
  visitItem: 10_000_000,
} as const;

/** An amount in fen whose absolute value is at most `ceiling` (refunds and reversals are negative). */
export const FenWithin = (ceiling: number) =>
  Fen.min(-ceiling, { error: `金额不能超过 ${ceiling / 100} 元` }).max(ceiling, { error: `金额不能超过 ${ceiling / 100} 元` });
export const NonNegativeFenWithin = (ceiling: number) => NonNegativeFen.max(ceiling, { error: `金额不能超过 ${ceiling / 100} 元` });

export const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s]{5,20}$/, { error: '电话号码格式不正确' });

export const ShortText = (max: number) =>
  z.string().trim().min(1, { error: '不能为空' }).max(max, { error: `不能超过 ${max} 个字` });

export const OptionalText = (max: number) =>
  z.string().trim().max(max, { error: `不能超过 ${max} 个字` });
