import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { idCheckCharacter, type MemberInput } from '../../src/domain';
import { bearer } from './harness';

/** The administrator's API as the admin's screens call it. */

export interface Answer {
  status: number;
  // The tests read answers loosely and parse them with the domain's schemas where the shape matters.
  body: any;
}

export async function call(app: FastifyInstance, token: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<Answer> {
  const response = await app.inject({
    method,
    url,
    headers: token === null ? {} : bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.body === '' ? null : response.json() };
}

/** An 18-character 身份证号 with its GB 11643 check character. */
export function validIdNumber(first17: string): string {
  return `${first17}${idCheckCharacter(first17)}`;
}

export const NOWHERE = randomUUID();

/** A member as the admin's form sends one. */
export function memberInput(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    name: '陈十',
    gender: 'male',
    birthDate: '1944-05-06',
    idNumber: null,
    phone: '13912345678',
    address: { compound: '永清苑', building: '3', unit: '2', room: '301' },
    familyContact: { name: '陈小明', relation: '儿子', phone: '13700000001' },
    isPartyMember: false,
    joinedPartyOn: null,
    branchId: null,
    duesChannel: 'this_branch',
    risks: { livingAlone: true, emptyNest: false, bedridden: false, disabled: false },
    profile: { ethnicity: '汉族', formerUnit: '市第二机床厂', formerPosition: '车间主任', retirement: 'tuixiu' },
    hobbies: ['书法'],
    serviceNeeds: [],
    notes: '',
    ...overrides,
  };
}
