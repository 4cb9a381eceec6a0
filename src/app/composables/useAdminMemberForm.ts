import { reactive } from 'vue';
import { useI18n } from 'vue-i18n';
import { MemberInput, type DuesChannel, type Gender, type Member, type RecordedRisks, type RetirementKind, type ServiceNeed } from '../../domain';

/** The form as typed: text stays text until it is saved, so half a date never turns into an error while typing. */
export interface MemberDraft {
  name: string;
  gender: Gender;
  birthDate: string;
  /** Shown masked; a new one is typed only when the admin chooses to replace it. */
  idMasked: string | null;
  replaceId: boolean;
  idNumber: string;
  phone: string;
  compound: string;
  building: string;
  unit: string;
  room: string;
  familyName: string;
  familyRelation: string;
  familyPhone: string;
  isPartyMember: boolean;
  joinedPartyOn: string;
  branchId: string;
  duesChannel: DuesChannel;
  risks: RecordedRisks;
  ethnicity: string;
  formerUnit: string;
  formerPosition: string;
  retirement: RetirementKind | '';
  notes: string;
  hobbies: string[];
  serviceNeeds: ServiceNeed[];
}

export type MemberCheck = { ok: true; input: MemberInput } | { ok: false; problems: string[] };

function emptyDraft(): MemberDraft {
  return {
    name: '',
    gender: 'male',
    birthDate: '',
    idMasked: null,
    replaceId: true,
    idNumber: '',
    phone: '',
    compound: '',
    building: '',
    unit: '',
    room: '',
    familyName: '',
    familyRelation: '',
    familyPhone: '',
    isPartyMember: true,
    joinedPartyOn: '',
    branchId: '',
    duesChannel: 'this_branch',
    risks: { livingAlone: false, emptyNest: false, bedridden: false, disabled: false },
    ethnicity: '',
    formerUnit: '',
    formerPosition: '',
    retirement: '',
    notes: '',
    hobbies: [],
    serviceNeeds: [],
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * The member form's behaviour (issue 11 §2): filled from a member, checked with the domain's MemberInput before
 * anything is sent, and the party rules of docs/DOMAIN.md §1 said in words. Hobbies and service needs are the
 * worker's to record: they are sent back as they were.
 */
export function useAdminMemberForm() {
  const { t } = useI18n();
  const draft = reactive<MemberDraft>(emptyDraft());

  function fill(member: Member | null): void {
    Object.assign(draft, emptyDraft());
    if (member === null) return;
    Object.assign(draft, {
      name: member.name,
      gender: member.gender,
      birthDate: member.birthDate,
      idMasked: member.profile.idMasked,
      replaceId: false,
      idNumber: '',
      phone: member.phone ?? '',
      compound: member.address.compound,
      building: member.address.building,
      unit: member.address.unit,
      room: member.address.room,
      familyName: member.familyContact?.name ?? '',
      familyRelation: member.familyContact?.relation ?? '',
      familyPhone: member.familyContact?.phone ?? '',
      isPartyMember: member.isPartyMember,
      joinedPartyOn: member.joinedPartyOn ?? '',
      branchId: member.branchId ?? '',
      duesChannel: member.duesChannel,
      risks: { ...member.risks },
      ethnicity: member.profile.ethnicity ?? '',
      formerUnit: member.profile.formerUnit ?? '',
      formerPosition: member.profile.formerPosition ?? '',
      retirement: member.profile.retirement ?? '',
      notes: member.notes,
      hobbies: [...member.hobbies],
      serviceNeeds: [...member.serviceNeeds],
    } satisfies MemberDraft);
  }

  function check(): MemberCheck {
    const problems: string[] = [];
    const family = [draft.familyName, draft.familyRelation, draft.familyPhone].map((text) => text.trim());
    if (family.some((text) => text !== '') && family.some((text) => text === '')) problems.push(t('admin.member.problem.family'));
    if (draft.isPartyMember && draft.joinedPartyOn.trim() === '') problems.push(t('admin.member.problem.joined'));
    if (draft.isPartyMember && draft.branchId === '') problems.push(t('admin.member.problem.branch'));
    const candidate = {
      name: draft.name.replace(/\s+/g, ''),
      gender: draft.gender,
      birthDate: draft.birthDate.trim(),
      ...(draft.replaceId ? { idNumber: orNull(draft.idNumber.toUpperCase()) } : {}),
      phone: orNull(draft.phone),
      address: { compound: draft.compound, building: draft.building, unit: draft.unit, room: draft.room },
      familyContact: family.every((text) => text !== '') ? { name: family[0], relation: family[1], phone: family[2] } : null,
      isPartyMember: draft.isPartyMember,
      joinedPartyOn: draft.isPartyMember ? orNull(draft.joinedPartyOn) : null,
      branchId: draft.isPartyMember ? orNull(draft.branchId) : null,
      duesChannel: draft.duesChannel,
      risks: { ...draft.risks },
      profile: {
        ethnicity: orNull(draft.ethnicity),
        formerUnit: orNull(draft.formerUnit),
        formerPosition: orNull(draft.formerPosition),
        retirement: draft.retirement === '' ? null : draft.retirement,
      },
      hobbies: draft.hobbies,
      serviceNeeds: draft.serviceNeeds,
      notes: draft.notes,
    };
    const parsed = MemberInput.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.');
        problems.push(t('admin.member.problem.field', { field: fieldLabel(field), message: issue.message }));
      }
    }
    if (problems.length > 0 || !parsed.success) return { ok: false, problems };
    return { ok: true, input: parsed.data };
  }

  /** The label the admin sees beside the field a problem is about. */
  function fieldLabel(path: string): string {
    const LABELS: Record<string, string> = {
      name: 'admin.member.name',
      birthDate: 'admin.member.birthDate',
      idNumber: 'admin.member.idNumber',
      phone: 'admin.member.phone',
      'address.compound': 'admin.member.compound',
      'address.building': 'admin.member.building',
      'address.unit': 'admin.member.unit',
      'address.room': 'admin.member.room',
      'familyContact.name': 'admin.member.familyName',
      'familyContact.relation': 'admin.member.familyRelation',
      'familyContact.phone': 'admin.member.familyPhone',
      joinedPartyOn: 'admin.member.joinedPartyOn',
      'profile.ethnicity': 'admin.member.ethnicity',
      'profile.formerUnit': 'admin.member.formerUnit',
      'profile.formerPosition': 'admin.member.formerPosition',
      notes: 'admin.member.notes',
    };
    const key = LABELS[path];
    return key === undefined ? path : t(key);
  }

  return { draft, fill, check };
}
