import type { ErrorCode, MutationType } from '../../domain';
import type { OutboxRow, SyncRejection } from '../db/database';
import { isErrorCode } from '../api/api-error';

/** The form that makes a record of a worker's again, prefilled from the refused one. */
export type FixRoute = 'visit' | 'dues' | 'health';

type DiscardHint = 'notFound' | 'otherChannel' | 'notPartyMember' | 'forbidden' | 'unsupported' | 'withdraw' | 'reversal' | 'deceased' | 'ledger' | 'memberPage';

/**
 * What a worker can do about a rejected entry. Most refusals are about the content (an amount, a missing
 * answer): the form opens again prefilled and the corrected record goes out as a new one. Some cannot be
 * helped by sending again, whatever the content: then only discarding is offered, with the reason why.
 */
export type FixAdvice =
  | { kind: 'fix'; route: FixRoute }
  /** Only discard; `hint` names the `fix.hint.*` text explaining why. */
  | { kind: 'discard'; hint: DiscardHint }
  /** NO_CONSENT: a consent must be recorded first; discard, or go and record it. */
  | { kind: 'consent' };

/** Refusals no resend can cure, whatever the record says. */
const HOPELESS = {
  NOT_FOUND: 'notFound',
  DUES_OTHER_CHANNEL: 'otherChannel',
  NOT_A_PARTY_MEMBER: 'notPartyMember',
  FORBIDDEN: 'forbidden',
  UNSUPPORTED_MUTATION: 'unsupported',
  SECRETARY_ONLY: 'forbidden',
  MEMBER_DECEASED: 'deceased',
} as const satisfies Partial<Record<ErrorCode, DiscardHint>>;

/**
 * The form that makes each kind of record again, or null where there is none: a withdrawal is not edited, and
 * the secretary's ledger records are entered again in the ledger. Keyed by every mutation type of the registry,
 * so a new type fails the type-check until it says which (if any).
 */
const FIX_ROUTES = {
  'visit.submit': 'visit',
  'consent.give': 'health',
  'consent.withdraw': null,
  'health_note.record': 'health',
  'dues.record': 'dues',
  'dues.adjust': null,
  'dues.resolve_duplicate': null,
  'dues.excuse': null,
  'dues.assess': null,
  'dues.set_policy': null,
  'cash.handover': null,
  'cash.confirm': null,
  'cash.remit': null,
  'month.close': null,
  'meeting.record': null,
  'attendance.record': null,
  'evaluation.record': null,
  // Marked from the member page with a tap or two: made again there, not corrected in a form.
  'member_event.record': null,
  'follow_up.close': null,
} as const satisfies Record<MutationType, FixRoute | null>;

/** Types with no form of their own whose record is made again from the member page (not the ledger). */
const REMADE_ON_MEMBER_PAGE: ReadonlySet<MutationType> = new Set(['member_event.record', 'follow_up.close']);

function hopeless(code: string): DiscardHint | undefined {
  return code in HOPELESS ? HOPELESS[code as keyof typeof HOPELESS] : undefined;
}

export function fixAdvice(row: Pick<OutboxRow, 'type' | 'record' | 'lastError'>): FixAdvice {
  const code = row.lastError?.code ?? '';
  if (code === 'NO_CONSENT') return { kind: 'consent' };
  const hint = hopeless(code);
  if (hint) return { kind: 'discard', hint };
  if (row.type === 'consent.withdraw') return { kind: 'discard', hint: 'withdraw' };
  if (row.type === 'dues.record' && (row.record as { kind?: string } | null)?.kind === 'reversal') return { kind: 'discard', hint: 'reversal' };
  // A payment refused for a closed month is fixed like any other: made again now, it counts in this month's cash.
  const route = FIX_ROUTES[row.type];
  if (route === null) return { kind: 'discard', hint: REMADE_ON_MEMBER_PAGE.has(row.type) ? 'memberPage' : 'ledger' };
  return { kind: 'fix', route };
}

/**
 * Where a refused entry is fixed: the form that makes its record again for the member, prefilled from the entry
 * (`fix` is its seq, and the new record takes its place); null when only discarding helps.
 */
export function fixRoute(
  entry: Pick<OutboxRow, 'type' | 'record' | 'lastError' | 'memberId' | 'seq'>,
): { name: FixRoute; params: { id: string }; query: { fix: string } } | null {
  const advice = fixAdvice(entry);
  if (advice.kind !== 'fix' || entry.seq === undefined) return null;
  return { name: advice.route, params: { id: entry.memberId }, query: { fix: String(entry.seq) } };
}

/** The code in the reader's language when the app knows it, with the server's own (Chinese) detail after it. */
export function rejectionText(rejection: SyncRejection | null, t: (key: string) => string): string {
  const code = rejection?.code ?? '';
  const detail = rejection?.message ?? '';
  const known = isErrorCode(code) ? t(`errors.${code}`) : code;
  return detail && detail !== known ? `${known}（${detail}）` : known;
}
