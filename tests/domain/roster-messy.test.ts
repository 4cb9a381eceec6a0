import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Address, AwayInfo, FamilyContact, IsoDate, NonNegativeFenWithin, FEN_CEILING, Phone, readRoster, ShortText, checkIdNumber } from '../../src/domain';
import type { MemberDraft, RosterReading } from '../../src/domain';
import { idCheckCharacter, messyRoster } from '../support/messy-roster';

/** What a draft must be for the server to store it: the member schema's pieces. */
const Draft = z.object({
  name: ShortText(32),
  gender: z.enum(['male', 'female']),
  birthDate: IsoDate,
  idNumber: z.string().regex(/^\d{17}[\dX]$/).nullable(),
  ethnicity: ShortText(16).nullable(),
  formerUnit: ShortText(64).nullable(),
  formerPosition: ShortText(32).nullable(),
  phone: Phone.nullable(),
  address: Address.nullable(),
  familyContact: FamilyContact.nullable(),
  joinedPartyOn: IsoDate.nullable(),
  pensionFen: NonNegativeFenWithin(FEN_CEILING.monthlyBase).nullable(),
  diedOn: IsoDate.nullable(),
  away: AwayInfo.nullable(),
  note: z.string().max(500),
});

function compare(seed: number, size: number): { reading: RosterReading; checked: number } {
  const roster = messyRoster(seed, size);
  const reading = readRoster(roster.grid, { today: roster.today });
  expect(reading.headerRow, `seed ${seed}`).toBe(roster.headerRow);
  expect(reading.rows).toHaveLength(roster.expected.length);
  let checked = 0;
  for (const want of roster.expected) {
    const got = reading.rows[want.row - 1]!;
    const where = `seed ${seed}, row ${want.row}: ${JSON.stringify(roster.grid[want.row - 1])} → ${JSON.stringify(got.reasons)}`;
    expect(got.row, where).toBe(want.row);
    expect(got.kind, where).toBe(want.kind);
    if (want.reasonIncludes) expect(got.reasons.some((r) => r.includes(want.reasonIncludes!)), `${where} should say ${want.reasonIncludes}`).toBe(true);
    if (want.kind === 'person') {
      const draft = got.draft as MemberDraft;
      expect(draft.idNumber, where).toBe(want.idNumber);
      expect(draft.name, where).toBe(want.name);
      const { risks, ...rest } = want.draft!;
      expect(draft, where).toMatchObject(rest);
      expect(draft.risks, where).toEqual(risks);
      expect(() => Draft.parse(draft), where).not.toThrow();
      if (draft.isPartyMember) expect(draft.joinedPartyOn, where).not.toBeNull();
      else expect([draft.joinedPartyOn, draft.pensionFen, draft.branchName], where).toEqual([null, null, null]);
    } else {
      expect(got.draft, where).toBeNull();
      expect(got.reasons.length, where).toBeGreaterThan(0);
    }
    checked++;
  }
  return { reading, checked };
}

describe('messy rosters, row by row', () => {
  it('reads 30 seeded sheets exactly as the generator expects', () => {
    let rows = 0;
    for (let seed = 1; seed <= 30; seed++) rows += compare(seed, 120).checked;
    expect(rows).toBeGreaterThan(30 * 120);
  });

  it('reads a 5,000-row sheet exactly as expected', () => {
    const { reading } = compare(2026, 5000);
    const kinds = new Set(reading.rows.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['person', 'rejected', 'ignored']));
  });
});

describe('the generator', () => {
  it('gives the same sheet for a seed and a different one for another', () => {
    expect(JSON.stringify(messyRoster(5, 50))).toBe(JSON.stringify(messyRoster(5, 50)));
    const sheets = new Set(Array.from({ length: 10 }, (_, seed) => JSON.stringify(messyRoster(seed, 50).grid)));
    expect(sheets.size).toBe(10);
    const orders = new Set(Array.from({ length: 10 }, (_, seed) => messyRoster(seed, 5).columns.join()));
    expect(orders.size).toBeGreaterThan(5);
  });

  it('covers the layouts, the bad values and the duplicates the import must handle', () => {
    const all = Array.from({ length: 30 }, (_, seed) => messyRoster(seed, 200));
    const reasons = new Set(all.flatMap((r) => r.expected.map((e) => e.reasonIncludes)).filter(Boolean));
    for (const reason of ['标题行', '填报信息', '表头', '空行', '合计行', '校验位不符', '被 Excel 存成了数字', '缺少姓名和身份证号', '缺少家庭住址', '与身份证号不符']) {
      expect(reasons, reason).toContain(reason);
    }
    expect(all.some((r) => r.expected.some((e) => e.duplicateOf !== undefined))).toBe(true);
    const statuses = new Set(all.flatMap((r) => r.expected.map((e) => e.draft?.status)));
    expect(statuses).toEqual(new Set([undefined, null, 'away', 'deceased']));
  });

  it('makes valid IDs with its own GB 11643 check, agreeing with the domain', () => {
    const { expected } = messyRoster(9, 300);
    const ids = expected.map((e) => e.idNumber).filter((id): id is string => typeof id === 'string');
    expect(ids.length).toBeGreaterThan(100);
    for (const id of ids) {
      expect(id[17]).toBe(idCheckCharacter(id.slice(0, 17)));
      expect(checkIdNumber(id).ok).toBe(true);
    }
  });
});
