import type { VisitType } from './visit';

/**
 * Visit forms are data, versioned: the server serves them, the device caches them, and a submitted visit
 * records the template id and version it was filled against. A field is shown and validated only when its
 * relevance rule holds for the answers so far (home safety only when the member was met, for instance).
 */

export type FieldKind = 'text' | 'textarea' | 'single' | 'multi' | 'boolean' | 'date' | 'home_safety' | 'follow_ups' | 'items';

export interface FieldOption {
  value: string;
  /** vue-i18n key of the option's label. */
  labelKey: string;
}

/** Show the field only when another answer equals (or is one of) a value. */
export interface Relevance {
  field: string;
  anyOf: readonly string[];
}

export interface FormField {
  /** The Visit property the answer fills. */
  key: string;
  kind: FieldKind;
  labelKey: string;
  required: boolean;
  options?: readonly FieldOption[];
  relevantWhen?: Relevance;
}

export interface VisitTemplate {
  id: string;
  version: number;
  visitType: VisitType;
  titleKey: string;
  fields: readonly FormField[];
}

const OUTCOME_OPTIONS: FieldOption[] = ['met', 'not_home', 'in_hospital', 'moved', 'deceased'].map((v) => ({
  value: v,
  labelKey: `visit.outcome.${v}`,
}));
const NEED_OPTIONS: FieldOption[] = ['daily_care', 'emotional', 'health', 'legal', 'policy'].map((v) => ({
  value: v,
  labelKey: `member.need.${v}`,
}));
const MET: Relevance = { field: 'outcome', anyOf: ['met'] };
const REACHED: Relevance = { field: 'outcome', anyOf: ['met', 'in_hospital'] };

function field(key: string, kind: FieldKind, required: boolean, extra: Partial<FormField> = {}): FormField {
  return { key, kind, required, labelKey: `visit.field.${key}`, ...extra };
}

const outcome = field('outcome', 'single', true, { options: OUTCOME_OPTIONS });
const living = field('livingSituation', 'textarea', false, { relevantWhen: MET });
const safety = field('homeSafety', 'home_safety', true, { relevantWhen: MET });
const needs = field('needs', 'multi', false, { options: NEED_OPTIONS, relevantWhen: REACHED });
const solved = field('solvedOnSpot', 'textarea', false, { relevantWhen: REACHED });
const followUps = field('followUps', 'follow_ups', false);
const items = field('itemsDelivered', 'items', false, { relevantWhen: REACHED });
const notes = field('notes', 'textarea', false);

function template(id: string, visitType: VisitType, fields: FormField[]): VisitTemplate {
  return { id, version: 1, visitType, titleKey: `visit.type.${visitType}`, fields };
}

export const VISIT_TEMPLATES: readonly VisitTemplate[] = [
  template('regular', 'regular', [outcome, living, safety, needs, solved, followUps, notes]),
  template('festival', 'festival', [outcome, living, { ...items, required: true }, needs, followUps, notes]),
  template('sick', 'sick', [outcome, living, needs, solved, items, followUps, notes]),
  template('study_delivery', 'study_delivery', [outcome, { ...items, required: true }, living, followUps, notes]),
  template('hardship', 'hardship', [outcome, living, safety, { ...needs, required: true }, solved, items, followUps, notes]),
  template('phone', 'phone', [
    { ...outcome, options: OUTCOME_OPTIONS.filter((o) => o.value !== 'not_home') },
    { ...needs, relevantWhen: MET },
    followUps,
    notes,
  ]),
  template('video', 'video', [
    { ...outcome, options: OUTCOME_OPTIONS.filter((o) => o.value !== 'not_home') },
    living,
    { ...needs, relevantWhen: MET },
    followUps,
    notes,
  ]),
];

export function findTemplate(id: string, version: number, templates: readonly VisitTemplate[] = VISIT_TEMPLATES): VisitTemplate | null {
  return templates.find((t) => t.id === id && t.version === version) ?? null;
}

/** Answers keyed by field key, as the form holds them. */
export type Answers = Record<string, unknown>;

export function isRelevant(f: FormField, answers: Answers): boolean {
  if (!f.relevantWhen) return true;
  const value = answers[f.relevantWhen.field];
  return typeof value === 'string' && f.relevantWhen.anyOf.includes(value);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Required relevant fields left empty, and answers given for fields that are not relevant (which must be dropped). */
export function checkAnswers(t: VisitTemplate, answers: Answers): { missing: string[]; irrelevant: string[] } {
  const missing: string[] = [];
  const irrelevant: string[] = [];
  for (const f of t.fields) {
    const relevant = isRelevant(f, answers);
    if (relevant && f.required && isEmpty(answers[f.key])) missing.push(f.key);
    if (!relevant && !isEmpty(answers[f.key])) irrelevant.push(f.key);
  }
  return { missing, irrelevant };
}

/**
 * How a visit's answers must match the form it was filled against — the same rule on the device (which drops
 * answers that stopped being relevant before it saves) and on the server (which refuses what does not
 * match): the visit's type is the template's; every required relevant field is answered; a field that is
 * not relevant is empty ('' for text, [] for lists, null for home safety).
 */
export function checkVisitAnswers(t: VisitTemplate, visit: Answers & { type: string }): { missing: string[]; irrelevant: string[]; wrongType: boolean } {
  return { ...checkAnswers(t, visit), wrongType: visit.type !== t.visitType };
}
