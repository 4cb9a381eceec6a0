import { randomUUID } from 'node:crypto';
import type { Mutation, Visit } from '../src/domain';

/** Phone-contact visits, valid against the 'phone' template, numbered from `firstSeq`. */
export function visitMutations(userId: string, memberIds: readonly string[], count: number, firstSeq: number): Mutation[] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const record: Visit = {
      id: randomUUID(),
      memberId: memberIds[i % memberIds.length]!,
      visitorIds: [userId],
      type: 'phone',
      occurredAt: now,
      outcome: 'met',
      templateId: 'phone',
      templateVersion: 1,
      livingSituation: '',
      homeSafety: null,
      needs: ['health'],
      solvedOnSpot: '',
      followUps: [],
      itemsDelivered: [],
      notes: '电话联系，身体状况良好，近期无住院',
      amends: null,
      recordedAt: now,
      campaignId: null,
    };
    return { id: randomUUID(), seq: firstSeq + i, type: 'visit.submit', record, createdAt: now } as Mutation;
  });
}
