import type { OutboxRow, SyncRejection } from '../db/database';
import { isErrorCode } from '../api/api-error';

/**
 * What a worker can do about a rejected entry. Most refusals are about the content (an amount, a missing
 * answer): the form opens again prefilled and the corrected record goes out as a new one. Some cannot be
 * helped by sending again, whatever the content: then only discarding is offered, with the reason why.
 */
export type FixAdvice =
  | { kind: 'fix' }
  /** Only discard; `hint` names the `fix.hint.*` text explaining why. */
  | {
      kind: 'discard';
      hint: 'notFound' | 'otherChannel' | 'notPartyMember' | 'forbidden' | 'unsupported' | 'withdraw' | 'reversal' | 'deceased' | 'ledger';
    }
  /** NO_CONSENT: a consent must be recorded first; discard, or go and record it. */
  | { kind: 'consent' };

export type FixRoute = 'visit' | 'dues' | 'health';

const HOPELESS: Record<string, Exclude<FixAdvice, { kind: 'fix' | 'consent' }>['hint']> = {
  NOT_FOUND: 'notFound',
  DUES_OTHER_CHANNEL: 'otherChannel',
  NOT_A_PARTY_MEMBER: 'notPartyMember',
  FORBIDDEN: 'forbidden',
  UNSUPPORTED_MUTATION: 'unsupported',
  SECRETARY_ONLY: 'forbidden',
  MEMBER_DECEASED: 'deceased',
};

/** The records a worker's form can make again; the secretary's ledger records are entered again in the ledger. */
const REFILLABLE: readonly OutboxRow['type'][] = ['visit.submit', 'consent.give', 'health_note.record', 'dues.record'];

export function fixAdvice(row: Pick<OutboxRow, 'type' | 'record' | 'lastError'>): FixAdvice {
  const code = row.lastError?.code ?? '';
  if (code === 'NO_CONSENT') return { kind: 'consent' };
  const hint = HOPELESS[code];
  if (hint) return { kind: 'discard', hint };
  if (row.type === 'consent.withdraw') return { kind: 'discard', hint: 'withdraw' };
  if (row.type === 'dues.record' && (row.record as { kind?: string } | null)?.kind === 'reversal') return { kind: 'discard', hint: 'reversal' };
  // A payment refused for a closed month is fixed like any other: made again now, it counts in this month's cash.
  if (!REFILLABLE.includes(row.type)) return { kind: 'discard', hint: 'ledger' };
  return { kind: 'fix' };
}

/** The form that makes this kind of record again. */
export function fixRoute(type: OutboxRow['type']): FixRoute {
  if (type === 'visit.submit') return 'visit';
  if (type === 'dues.record') return 'dues';
  return 'health';
}

/** The code in the reader's language when the app knows it, with the server's own (Chinese) detail after it. */
export function rejectionText(rejection: SyncRejection | null, t: (key: string) => string): string {
  const code = rejection?.code ?? '';
  const detail = rejection?.message ?? '';
  const known = isErrorCode(code) ? t(`errors.${code}`) : code;
  return detail && detail !== known ? `${known}（${detail}）` : known;
}
