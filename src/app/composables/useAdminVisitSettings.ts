import { computed, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { AdminOrganisation, AdminVisitSettings } from '../../domain';
import { getOrganisation } from '../api/admin-api';
import { getVisitSettings, saveVisitSettings } from '../api/visit-admin-api';
import { useAdminRequest } from './useAdminRequest';
import { checkDraft, draftOf, fieldsOf, type SettingProblem, type SettingsDraft } from './visit-settings-draft';

/**
 * 探访设置 (issue 12 §1): how often members are visited, for the community and, where a branch needs it, for that
 * branch alone. The form holds the whole of it and sends it in one request; the devices follow on their next sync.
 */
export function useAdminVisitSettings() {
  const { t } = useI18n();
  const request = useAdminRequest();
  const settings = shallowRef<AdminVisitSettings | null>(null);
  const organisation = shallowRef<AdminOrganisation | null>(null);
  const draft = ref<SettingsDraft | null>(null);
  const problems = ref<SettingProblem[]>([]);

  const branches = computed(() => organisation.value?.branches.map((entry) => entry.branch) ?? []);
  const defaults = computed(() => (settings.value === null ? null : fieldsOf(settings.value.defaults)));
  /** The form differs from what the server holds. */
  const changed = computed(() => {
    if (settings.value === null || draft.value === null) return false;
    return JSON.stringify(draft.value) !== JSON.stringify(draftOf(settings.value, branches.value));
  });

  function reset(): void {
    draft.value = settings.value === null ? null : draftOf(settings.value, branches.value);
    problems.value = [];
  }

  async function load(): Promise<boolean> {
    const result = await request.call(async (token) => {
      const [answer, org] = await Promise.all([getVisitSettings(token), getOrganisation(token)]);
      return { answer, org };
    });
    if (!result.ok) return false;
    settings.value = result.value.answer;
    organisation.value = result.value.org;
    reset();
    return true;
  }

  /** A branch starts its own settings from the community's as typed, or goes back to following them. */
  function setOwn(branchId: string, own: boolean): void {
    const current = draft.value;
    const branch = current?.branches[branchId];
    if (current === null || branch === undefined) return;
    branch.own = own;
    if (own) branch.fields = { ...current.community };
  }

  function problemText(problem: SettingProblem): string {
    const where = problem.branchId === null ? t('visitAdmin.settings.community') : (branches.value.find((b) => b.id === problem.branchId)?.name ?? '');
    const field = problem.path === null ? '' : t(`visitAdmin.settings.field.${problem.path.replace(/\./g, '_')}`);
    const what =
      problem.kind === 'not_whole'
        ? t('visitAdmin.settings.problem.notWhole')
        : problem.kind === 'too_small'
          ? t('visitAdmin.settings.problem.tooSmall', { n: problem.bound ?? 0 })
          : problem.kind === 'too_big'
            ? t('visitAdmin.settings.problem.tooBig', { n: problem.bound ?? 0 })
            : problem.message;
    return t('visitAdmin.settings.problem.line', { where, field, what });
  }

  async function save(): Promise<boolean> {
    if (draft.value === null) return false;
    const checked = checkDraft(draft.value);
    if (!checked.ok) {
      problems.value = checked.problems;
      return false;
    }
    problems.value = [];
    const result = await request.call((token) => saveVisitSettings(token, checked.value));
    if (!result.ok) return false;
    settings.value = result.value;
    reset();
    return true;
  }

  return { ...request, settings, branches, defaults, draft, problems, changed, problemText, load, reset, setOwn, save };
}
