import { z } from 'zod';
import type { IsoDate } from '../common';
import type { AwayInfo, Gender, RecordedRisks, RetirementKind, Address, FamilyContact, MemberStatus } from '../member';
import type { DuesChannel } from '../dues';

/**
 * The 花名册 import's shared shapes (docs/DOMAIN.md §8). The server reads a sheet into a grid of cells
 * (exceljs or a CSV reader, merged ranges filled with their first cell's value); the domain finds the header,
 * maps the columns and turns each row into a member draft or a reason, with no I/O; the server then matches
 * drafts to stored members and writes them all or nothing.
 */

/** One cell as read: text, a number (Excel numbers and serial dates), a real date cell, or empty. */
export type RosterCell = string | number | boolean | Date | null;
export type RosterGrid = readonly (readonly RosterCell[])[];

/** The columns the import understands; each may be mapped to one column of the sheet or to none. */
export const ROSTER_FIELDS = [
  'seq',
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'joinedPartyOn',
  'formerUnit',
  'formerPosition',
  'retirement',
  'idNumber',
  'phone',
  'address',
  'emergencyName',
  'emergencyPhone',
  'pension',
  'partyRelation',
  'branch',
  'remarks',
] as const;
export const RosterField = z.enum(ROSTER_FIELDS);
export type RosterField = z.infer<typeof RosterField>;

/** Which 0-based column of the sheet each field reads; null or absent: not read. */
export const ColumnMapping = z.partialRecord(RosterField, z.number().int().min(0).max(255).nullable());
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** The outcome of one row of the sheet; the CLI's --json prints these names (a stable contract). */
export const RowStatus = z.enum(['created', 'updated', 'unchanged', 'rejected', 'duplicate', 'ignored']);
export type RowStatus = z.infer<typeof RowStatus>;

/** A member as one roster row describes them, before matching with what is stored. */
export interface MemberDraft {
  name: string;
  gender: Gender;
  birthDate: IsoDate;
  /** 18 characters with a valid check character (a 15-digit first-generation ID is converted), or null. */
  idNumber: string | null;
  ethnicity: string | null;
  formerUnit: string | null;
  formerPosition: string | null;
  retirement: RetirementKind | null;
  phone: string | null;
  /** null when the sheet has no address column mapped (an update then keeps the stored address). */
  address: Address | null;
  familyContact: FamilyContact | null;
  isPartyMember: boolean;
  joinedPartyOn: IsoDate | null;
  /** The 党支部 column's text, resolved to a branch by the server; null: the import's default branch. */
  branchName: string | null;
  duesChannel: DuesChannel;
  /** 月基本离退休费 in fen: the proposed 核定 base, or null. */
  pensionFen: number | null;
  /** Only set where the remarks say so unambiguously; null leaves the stored status alone. */
  status: Extract<MemberStatus, 'active' | 'away' | 'deceased'> | null;
  diedOn: IsoDate | null;
  away: AwayInfo | null;
  /** Flags the remarks set (true); a flag the remarks do not mention is left as stored. */
  risks: Partial<RecordedRisks>;
  /** The remark text that was not turned into a status or flag, kept as the member's note. */
  note: string;
}

/** One sheet row after the domain's reading. */
export interface ParsedRosterRow {
  /** 1-based row number in the sheet, as the office sees it in Excel. */
  row: number;
  kind: 'person' | 'rejected' | 'ignored';
  /** Why a row was rejected or ignored (title, 填报单位, header, blank, 合计), in Chinese. */
  reasons: string[];
  /** What the reading noticed and the admin should check (a remark kept as a note, a month-only date…). */
  notices: string[];
  draft: MemberDraft | null;
}

export interface RosterReading {
  /** 1-based row of the header, or null when no header was recognised. */
  headerRow: number | null;
  /** The header's cells as text, by 0-based column. */
  headers: string[];
  /** The mapping used: the automatic one, with the caller's changes applied. */
  mapping: ColumnMapping;
  rows: ParsedRosterRow[];
}

/** What the import reports for one row; the CLI's --json rows are these. */
export const RowReport = z.object({
  row: z.number().int().min(1),
  status: RowStatus,
  memberId: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  duplicateOf: z.number().int().min(1).optional(),
});
export type RowReport = z.infer<typeof RowReport>;

export const ImportSummary = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  ignored: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;
