import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { mutationFacts, type MutationType } from '../../domain';
import { ApiError, toAppErrorCode, type AppErrorCode } from '../api/api-error';
import { countUnsent } from '../repositories/outbox-repository';
import {
  deleteSession,
  forgetToken,
  loadSession,
  saveLogin,
  saveProfile,
  type StoredSession,
} from '../repositories/session-repository';
import { useDeviceStore } from './device-store';
import { useSessionEvents, type SessionEnd } from './session-events';

/**
 * The API client (and zod, which checks every answer) and the pulled tables' reset load when first needed, from
 * their precached chunks: reopening the app into the roster reads IndexedDB only (issue 13's load budget).
 */
const authApi = () => import('../api/auth-api');
const clearRecords = () => import('../repositories/pull-repository').then((m) => m.clearRecords());

export type LoginResult = { ok: true } | { ok: false; error: AppErrorCode };
export type LogoutResult = 'logged_out' | 'unsent';

export const useSessionStore = defineStore('session', () => {
  const session = ref<StoredSession | null>(null);
  const restored = ref(false);
  /** Set when the server rejected the stored session, so the login form can say why it is shown. */
  const expired = ref(false);

  const isAuthenticated = computed(() => session.value?.token != null);
  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const organisations = computed(() => session.value?.organisations ?? []);
  /** Offered in the login form after the session expired: same person, same device, same roster. */
  const lastUsername = computed(() => session.value?.user.username ?? '');

  let restoring: Promise<void> | null = null;
  const events = useSessionEvents();

  /** Reads the session from IndexedDB: no network, so the app opens straight into the roster in a basement. */
  function restore(): Promise<void> {
    restoring ??= (async () => {
      session.value = await loadSession();
      restored.value = true;
    })();
    return restoring;
  }

  async function login(username: string, password: string): Promise<LoginResult> {
    const device = useDeviceStore();
    // Everything on the device belongs to the stored session's user (kept, without its token, after an expiry).
    const stored = session.value ?? (await loadSession());
    // Unsent records belong to the worker who made them: another account must not push them, nor clear them.
    if (stored !== null && stored.user.username !== username.trim() && (await countUnsent()) > 0) {
      return { ok: false, error: 'UNSENT_OTHER_USER' };
    }
    try {
      const { getMe, postLogin } = await authApi();
      const answer = await postLogin({ username: username.trim(), password });
      device.noteRequestOutcome();
      // Another person's members and records must not stay on a shared device, nor mix with this user's, whose
      // first sync then starts from nothing.
      if (stored !== null && stored.user.id !== answer.user.id) await endAndClear('user_change');
      const { organisations, colleagues } = await getMe(answer.token).then(
        (me) => ({ organisations: me.organisations, colleagues: me.colleagues }),
        () => ({ organisations: [], colleagues: [] }),
      );
      session.value = await saveLogin(answer, organisations, colleagues);
      expired.value = false;
      void device.requestPersistentStorage();
      return { ok: true };
    } catch (error) {
      device.noteRequestOutcome(error);
      return { ok: false, error: toAppErrorCode(error) };
    }
  }

  /** Online check in the background: refreshes name, role and organisations, or notices a revoked session. */
  async function revalidate(): Promise<void> {
    const current = token.value;
    if (current === null) return;
    const device = useDeviceStore();
    try {
      const { getMe } = await authApi();
      const me = await getMe(current);
      device.noteRequestOutcome();
      await saveProfile(me.user, me.organisations, me.colleagues);
      if (session.value !== null && session.value.token === current) {
        session.value = { ...session.value, user: me.user, organisations: me.organisations, colleagues: me.colleagues };
      }
    } catch (error) {
      device.noteRequestOutcome(error);
      await handleRejection(error);
    }
  }

  /** Any call with the stored token may learn that it is no longer valid; the roster stays for the next login. */
  async function handleRejection(error: unknown): Promise<boolean> {
    if (!(error instanceof ApiError) || !error.isSessionRejected) return false;
    await forgetToken();
    if (session.value !== null) session.value = { ...session.value, token: null };
    expired.value = true;
    return true;
  }

  /**
   * Logging out clears the device, and with it records the server has not received: refused while anything
   * is unsent unless the worker explicitly chose to discard it.
   */
  async function logout(options: { discardUnsent?: boolean } = {}): Promise<LogoutResult> {
    if (!options.discardUnsent && (await countUnsent()) > 0) return 'unsent';
    const current = token.value;
    // The sync stops before anything else: no request or write of it may land after the device is cleared.
    await events.end('logout');
    if (current !== null) {
      try {
        const { postLogout } = await authApi();
        await postLogout(current);
      } catch {
        // Offline or already expired: the token is erased below all the same, so it cannot be used from here.
      }
    }
    await clearRecords();
    await deleteSession();
    session.value = null;
    expired.value = false;
    return 'logged_out';
  }

  /** The other stores stop and forget (session-events.ts), then the device is cleared of the user's data. */
  async function endAndClear(reason: SessionEnd): Promise<void> {
    await events.end(reason);
    await clearRecords();
  }

  /** Whether this user's role may record this kind of record at all (the registry's writers; the server checks too). */
  function mayWrite(type: MutationType): boolean {
    const role = session.value?.user.role;
    return role !== undefined && (mutationFacts(type)?.writers.includes(role) ?? false);
  }

  /** A colleague's name, or null when the device does not know them (yet). */
  function colleagueName(userId: string): string | null {
    if (userId === session.value?.user.id) return session.value.user.displayName;
    return session.value?.colleagues.find((c) => c.id === userId)?.displayName ?? null;
  }

  function branchName(branchId: string | null): string | null {
    if (branchId === null) return null;
    return organisations.value.find((org) => org.id === branchId)?.name ?? null;
  }

  return {
    session,
    restored,
    expired,
    isAuthenticated,
    token,
    user,
    organisations,
    lastUsername,
    restore,
    colleagueName,
    login,
    revalidate,
    handleRejection,
    logout,
    mayWrite,
    branchName,
  };
});
