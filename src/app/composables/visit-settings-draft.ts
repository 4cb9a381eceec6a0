import { VisitSettingsValues, type AdminVisitSettings, type AdminVisitSettingsInput, type Organisation } from '../../domain';

/**
 * The visit settings as the admin's form holds them: each number as the text typed, the community's column and one
 * column per branch that may override it. Turned back into the domain's values and checked with its schema.
 */

/** Every setting, by its path in VisitSettingsValues, in the order the form lists them. */
export const SETTING_PATHS = [
  'cadence.high.targetDays',
  'cadence.high.maxDays',
  'cadence.key.targetDays',
  'cadence.key.maxDays',
  'cadence.general.targetDays',
  'cadence.general.maxDays',
  'phoneEveryDays',
  'sickVisitWithinDays',
  'eventVisitWithinDays',
  'visitBackdateDays',
  'advancedAge',
] as const;
export type SettingPath = (typeof SETTING_PATHS)[number];

export type SettingsFields = Record<SettingPath, string>;

export interface SettingsDraft {
  community: SettingsFields;
  /** By branch id: whether the branch has its own settings, and their fields (the community's until changed). */
  branches: Record<string, { own: boolean; fields: SettingsFields }>;
}

export function readSetting(values: VisitSettingsValues, path: SettingPath): number {
  let value: unknown = values;
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
  return value as number;
}

export function fieldsOf(values: VisitSettingsValues): SettingsFields {
  return Object.fromEntries(SETTING_PATHS.map((path) => [path, String(readSetting(values, path))])) as SettingsFields;
}

/** Whole numbers only: "7", not "7.5", "七" or "". NaN when not, for the check to name the field. */
function numberOf(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function valuesOf(fields: SettingsFields): unknown {
  const n = (path: SettingPath) => numberOf(fields[path]);
  const cadence = (tier: 'high' | 'key' | 'general') => ({ targetDays: n(`cadence.${tier}.targetDays`), maxDays: n(`cadence.${tier}.maxDays`) });
  return {
    advancedAge: n('advancedAge'),
    cadence: { high: cadence('high'), key: cadence('key'), general: cadence('general') },
    phoneEveryDays: n('phoneEveryDays'),
    sickVisitWithinDays: n('sickVisitWithinDays'),
    eventVisitWithinDays: n('eventVisitWithinDays'),
    visitBackdateDays: n('visitBackdateDays'),
  };
}

/** The form as the server's settings are: the community's row or the defaults; a branch with a row of its own ticked. */
export function draftOf(settings: AdminVisitSettings, branches: readonly Organisation[]): SettingsDraft {
  const community = settings.community?.values ?? settings.defaults;
  return {
    community: fieldsOf(community),
    branches: Object.fromEntries(
      branches.map((branch) => {
        const own = settings.overrides.find((row) => row.branchId === branch.id);
        return [branch.id, { own: own !== undefined, fields: fieldsOf(own?.values ?? community) }];
      }),
    ),
  };
}

export interface SettingProblem {
  /** null: the community's column; else the branch. */
  branchId: string | null;
  path: SettingPath | null;
  kind: 'not_whole' | 'too_small' | 'too_big' | 'rule';
  bound: number | null;
  /** The domain's own words for a rule (最长间隔不能短于目标间隔). */
  message: string;
}

function problemsOf(fields: SettingsFields, branchId: string | null): SettingProblem[] {
  const parsed = VisitSettingsValues.safeParse(valuesOf(fields));
  if (parsed.success) return [];
  return parsed.error.issues.map((issue): SettingProblem => {
    const joined = issue.path.map(String).join('.');
    const path = (SETTING_PATHS as readonly string[]).includes(joined) ? (joined as SettingPath) : null;
    if (path !== null && Number.isNaN(numberOf(fields[path]))) return { branchId, path, kind: 'not_whole', bound: null, message: issue.message };
    if (issue.code === 'too_small') return { branchId, path, kind: 'too_small', bound: Number(issue.minimum), message: issue.message };
    if (issue.code === 'too_big') return { branchId, path, kind: 'too_big', bound: Number(issue.maximum), message: issue.message };
    return { branchId, path, kind: 'rule', bound: null, message: issue.message };
  });
}

export type CheckedSettings = { ok: true; value: AdminVisitSettingsInput } | { ok: false; problems: SettingProblem[] };

/** The request the server takes, or each field that is wrong, by column. */
export function checkDraft(draft: SettingsDraft): CheckedSettings {
  const problems = problemsOf(draft.community, null);
  const overrides: AdminVisitSettingsInput['overrides'] = [];
  for (const [branchId, branch] of Object.entries(draft.branches)) {
    if (!branch.own) continue;
    const own = problemsOf(branch.fields, branchId);
    problems.push(...own);
    if (own.length === 0) overrides.push({ branchId, values: VisitSettingsValues.parse(valuesOf(branch.fields)) });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { community: VisitSettingsValues.parse(valuesOf(draft.community)), overrides } };
}
