import { storeToRefs } from 'pinia';
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ERRORS } from '../../domain';
import { ApiError, toAppErrorCode, type AppErrorCode } from '../api/api-error';
import { useDeviceStore } from '../stores/device-store';
import { useSessionStore } from '../stores/session-store';

export type AdminResult<T> = { ok: true; value: T } | { ok: false; code: AppErrorCode };

interface Failure {
  code: AppErrorCode;
  /** The server's own zh-CN sentence, when it says more than the code's (「…」已登记, 名称已被使用…). */
  message: string | null;
  /** What the server said was wrong with each field (VALIDATION_FAILED, CONFLICT), in Chinese. */
  details: string[];
}

/**
 * The admin's screens manage the server's data and keep none of it on the device: every call needs the network.
 * One place says what went wrong in the admin's words — no signal is 管理功能需要联网, not a generic failure —
 * tells the device store whether the server answered, and lets a rejected session send the admin to the login form.
 */
export function useAdminRequest() {
  const { t, te, locale } = useI18n();
  const session = useSessionStore();
  const device = useDeviceStore();
  const { online } = storeToRefs(device);
  const busy = ref(false);
  const failure = ref<Failure | null>(null);
  const error = computed(() => failure.value?.code ?? null);

  async function call<T>(request: (token: string) => Promise<T>): Promise<AdminResult<T>> {
    const token = session.token;
    if (token === null) return fail({ code: 'UNAUTHENTICATED', message: null, details: [] });
    busy.value = true;
    failure.value = null;
    try {
      const value = await request(token);
      device.noteRequestOutcome();
      return { ok: true, value };
    } catch (caught) {
      device.noteRequestOutcome(caught);
      await session.handleRejection(caught);
      return fail(failureOf(caught));
    } finally {
      busy.value = false;
    }
  }

  function failureOf(caught: unknown): Failure {
    const code = toAppErrorCode(caught);
    if (!(caught instanceof ApiError)) return { code, message: null, details: [] };
    const generic = ERRORS[caught.code]?.zh;
    const message = caught.message.trim() !== '' && caught.message !== generic && /[\u4e00-\u9fff]/.test(caught.message) ? caught.message : null;
    return { code, message, details: caught.details.map((d) => d.message) };
  }

  function fail(next: Failure): AdminResult<never> {
    failure.value = next;
    return { ok: false, code: next.code };
  }

  function clear(): void {
    failure.value = null;
  }

  /**
   * In Chinese the server's own sentence is the clearest (it names the member or the branch); in English the
   * code's text, with the field details after it.
   */
  const errorText = computed(() => {
    const current = failure.value;
    if (current === null) return '';
    if (current.code === 'NETWORK') return t('admin.common.needsNetwork');
    if (locale.value === 'zh-CN' && current.message !== null) return current.message;
    const text = te(`errors.${current.code}`) ? t(`errors.${current.code}`) : t('errors.UNKNOWN');
    return current.details.length > 0 ? t('admin.common.errorDetails', { error: text, details: current.details.join(t('common.listSeparator')) }) : text;
  });

  return { busy, error, errorText, online, call, clear };
}
