import { Consent, DuesPayment, HealthNote, Visit } from '../../../src/domain';
import { BRANCH_ID, ZHANG_XIAOMING, makeUser, uuid } from './fixtures';

/** Records as the app would make them, parsed with the shared schemas. */
export function makeVisit(n: number, overrides: Partial<Visit> = {}): Visit {
  return Visit.parse({
    id: uuid(0x5000 + n),
    memberId: ZHANG_XIAOMING.id,
    visitorIds: [makeUser().id],
    type: 'regular',
    occurredAt: '2026-03-02T01:30:00.000Z',
    outcome: 'met',
    templateId: 'regular',
    templateVersion: 1,
    livingSituation: '',
    homeSafety: { gas: 'ok', electricity: 'ok', heating: 'ok', smokeAlarm: 'present' },
    needs: [],
    solvedOnSpot: '',
    followUps: [],
    itemsDelivered: [],
    notes: `第${n}次`,
    amends: null,
    recordedAt: '2026-03-02T01:40:00.000Z',
    ...overrides,
  });
}

export function makeConsent(n: number, memberId = ZHANG_XIAOMING.id): Consent {
  return Consent.parse({
    id: uuid(0x6000 + n),
    memberId,
    scope: 'health_notes',
    givenBy: { kind: 'self' },
    recordedBy: makeUser().id,
    givenAt: '2026-03-01T01:00:00.000Z',
    withdrawnAt: null,
  });
}

export function makeHealthNote(n: number, consent: Consent): HealthNote {
  return HealthNote.parse({
    id: uuid(0x7000 + n),
    memberId: consent.memberId,
    consentId: consent.id,
    recordedBy: makeUser().id,
    recordedAt: '2026-03-02T01:45:00.000Z',
    overall: 'fair',
    mobility: 'independent',
    mood: 'normal',
    recentHospitalOrFall: { happened: false, on: null },
    familyDoctorSigned: true,
    lastCheckupOn: null,
    bloodPressure: null,
    note: '',
  });
}

export function makePayment(n: number, overrides: Partial<DuesPayment> = {}): DuesPayment {
  return DuesPayment.parse({
    id: uuid(0x8000 + n),
    memberId: ZHANG_XIAOMING.id,
    branchId: BRANCH_ID,
    kind: 'payment',
    reverses: null,
    months: ['2026-03'],
    allocation: [{ month: '2026-03', amountFen: 2500 }],
    amountFen: 2500,
    method: 'cash',
    receiptRef: '',
    paidBy: { kind: 'self' },
    collectedBy: makeUser().id,
    recordedAt: '2026-03-02T01:50:00.000Z',
    ...overrides,
  });
}
