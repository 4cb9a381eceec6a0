import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { passwordProblem, type SessionInfo } from '../../domain';
import { changeMyPassword, endMySession, listMySessions } from '../api/security-api';
import { useAdminRequest } from './useAdminRequest';

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * One's own sessions and password (any role), online only: the list of places signed in, ending one, and a new
 * password checked here by the domain's shape rules first (the common-password list is the server's).
 */
export function useAccountSecurity() {
  const { t, te } = useI18n();
  const request = useAdminRequest();
  const sessions = ref<SessionInfo[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    const result = await request.call(listMySessions);
    if (!result.ok) return;
    sessions.value = result.value;
    loaded.value = true;
  }

  async function end(sessionId: string): Promise<boolean> {
    const result = await request.call((token) => endMySession(token, sessionId));
    if (result.ok) sessions.value = sessions.value.filter((s) => s.id !== sessionId);
    return result.ok;
  }

  function checkPassword(current: string, next: string, repeat: string): Checked<{ current: string; next: string }> {
    const problems: string[] = [];
    if (current === '') problems.push(t('security.password.currentRequired'));
    const problem = passwordProblem(next);
    if (next === '') problems.push(t('security.password.nextRequired'));
    else if (problem !== null) problems.push(t(`errors.${problem}`));
    else if (next !== repeat) problems.push(t('security.password.mismatch'));
    return problems.length === 0 ? { ok: true, value: { current, next } } : { ok: false, problems };
  }

  async function changePassword(current: string, next: string): Promise<boolean> {
    const result = await request.call((token) => changeMyPassword(token, current, next));
    // The other sessions ended with the change: the list shows it.
    if (result.ok) await load();
    return result.ok;
  }

  /** The password's own refusals (too short, blank, common) in the reader's language; the rest as for admin calls. */
  const errorText = computed(() => {
    const code = request.error.value;
    if (code === null) return '';
    if (code === 'NETWORK') return t('security.account.needsNetwork');
    if (code.startsWith('PASSWORD_') && te(`errors.${code}`)) return t(`errors.${code}`);
    return request.errorText.value;
  });

  return { busy: request.busy, online: request.online, error: request.error, errorText, clear: request.clear, sessions, loaded, load, end, checkPassword, changePassword };
}
