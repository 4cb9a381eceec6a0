import { z } from 'zod';
import {
  MemberProfile,
  ServiceNeed,
  TransferInfo,
  type Member,
  type Organisation,
  type Pairing,
  type User,
} from '../../domain';
import type { MembersTable, OrganisationsTable, PairingsTable, UsersTable } from './tables';

/** The one place where rows become domain objects and back. */

const Hobbies = z.array(z.string());
const ServiceNeeds = z.array(ServiceNeed);

const bool = (value: number): boolean => value === 1;
const int = (value: boolean): number => (value ? 1 : 0);

export function organisationFromRow(row: OrganisationsTable): Organisation {
  return { id: row.id, kind: row.kind, name: row.name, parentId: row.parent_id, branchType: row.branch_type };
}

export function userFromRow(row: Omit<UsersTable, 'password_hash' | 'disabled' | 'created_at' | 'last_login_at'>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    communityId: row.community_id,
    branchId: row.branch_id,
  };
}

export function pairingFromRow(row: PairingsTable): Pairing {
  return { id: row.id, workerId: row.worker_id, memberId: row.member_id, role: row.role, since: row.since };
}

export function memberFromRow(row: MembersTable): Member {
  const familyContact =
    row.family_name !== null && row.family_relation !== null && row.family_phone !== null
      ? { name: row.family_name, relation: row.family_relation, phone: row.family_phone }
      : null;
  return {
    id: row.id,
    communityId: row.community_id,
    branchId: row.branch_id,
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    phone: row.phone,
    address: {
      compound: row.address_compound,
      building: row.address_building,
      unit: row.address_unit,
      room: row.address_room,
    },
    familyContact,
    isPartyMember: bool(row.is_party_member),
    joinedPartyOn: row.joined_party_on,
    risks: {
      livingAlone: bool(row.risk_living_alone),
      emptyNest: bool(row.risk_empty_nest),
      bedridden: bool(row.risk_bedridden),
      disabled: bool(row.risk_disabled),
    },
    status: row.status,
    diedOn: row.died_on,
    away:
      row.away_place !== null
        ? { place: row.away_place, from: row.away_from, expectedReturn: row.away_expected_return, phone: row.away_phone }
        : null,
    transfer: row.transfer === null ? null : TransferInfo.parse(JSON.parse(row.transfer)),
    profile: MemberProfile.parse(JSON.parse(row.profile)),
    duesChannel: row.dues_channel,
    proposedBaseFen: row.proposed_base_fen === null ? null : Number(row.proposed_base_fen),
    hobbies: Hobbies.parse(JSON.parse(row.hobbies)),
    serviceNeeds: ServiceNeeds.parse(JSON.parse(row.service_needs)),
    notes: row.notes,
    updatedAt: row.updated_at,
  };
}

/** The 身份证号 is not part of a Member (devices never receive it): the caller passes it when it has one. */
export function memberToRow(member: Member, idNumber: string | null = null): MembersTable {
  return {
    id: member.id,
    community_id: member.communityId,
    branch_id: member.branchId,
    name: member.name,
    gender: member.gender,
    birth_date: member.birthDate,
    phone: member.phone,
    address_compound: member.address.compound,
    address_building: member.address.building,
    address_unit: member.address.unit,
    address_room: member.address.room,
    family_name: member.familyContact?.name ?? null,
    family_relation: member.familyContact?.relation ?? null,
    family_phone: member.familyContact?.phone ?? null,
    is_party_member: int(member.isPartyMember),
    joined_party_on: member.joinedPartyOn,
    risk_living_alone: int(member.risks.livingAlone),
    risk_empty_nest: int(member.risks.emptyNest),
    risk_bedridden: int(member.risks.bedridden),
    risk_disabled: int(member.risks.disabled),
    status: member.status,
    died_on: member.diedOn,
    away_place: member.away?.place ?? null,
    away_expected_return: member.away?.expectedReturn ?? null,
    hobbies: JSON.stringify(member.hobbies),
    service_needs: JSON.stringify(member.serviceNeeds),
    notes: member.notes,
    updated_at: member.updatedAt,
    id_number: idNumber,
    profile: JSON.stringify(member.profile),
    dues_channel: member.duesChannel,
    proposed_base_fen: member.proposedBaseFen,
    away_from: member.away?.from ?? null,
    away_phone: member.away?.phone ?? null,
    transfer: member.transfer === null ? null : JSON.stringify(member.transfer),
  };
}
