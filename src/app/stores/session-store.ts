import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { mutationFacts, type MutationType } from '../../domain';
import { ApiError, toAppErrorCode, type AppErrorCode } from '../api/api-error';
import { countUnsent } from '../repositories/outbox-repository';
import {
  deleteSession,
  forgetLegacySession,
  forgetLegacyUser,
  forgetToken,
  loadSession,
  saveLogin,
  saveProfile,
  type PreviousUser,
  type StoredSession,
} from '../repositories/session-repository';
import { useDeviceStore } from './device-store';
import { useSessionEvents, type SessionEnd } from './session-events';
import { useVaultStore } from './vault-store';

/**
 * The API client (and zod, which checks every answer) and the pulled tables' reset load when first needed, from
 * their precached chunks: reopening the app into the roster reads IndexedDB only (issue 13's load budget).
 */
const authApi = () => import('../api/auth-api');
/** The device's sync client id, read and set at login only (which needs the network anyway). */
const metaRepository = () => import('../repositories/meta-repository');
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
  const vault = useVaultStore();
  /** Offered in the login form: the user this device's data belongs to, even while it is locked. */
  const lastUsername = computed(() => session.value?.user.username ?? vault.header?.username ?? legacyUser.value?.username ?? '');
  /** A device upgraded from before encryption: whose its plain data is, until their login seals it (vault.ts). */
  const legacyUser = ref<PreviousUser | null>(null);

  let restoring: Promise<void> | null = null;
  const events = useSessionEvents();

  /**
   * Reads the session from IndexedDB: no network, so the app opens straight into the roster in a basement — once
   * unlocked. A locked device has no readable session (it is sealed); a device upgraded from before encryption
   * forgets its plain token, so its user logs in once and the login seals the data.
   */
  function restore(): Promise<void> {
    restoring ??= (async () => {
      await vault.restore();
      if (vault.status === 'open') session.value = await loadSession();
      else if (vault.status === 'none') legacyUser.value = await forgetLegacySession();
      else session.value = null;
      restored.value = true;
    })();
    return restoring;
  }

  /** After the PIN opened the data: the session is readable now. */
  async function reopen(): Promise<void> {
    restoring = null;
    await restore();
  }

  /** Whose data this device holds: the keyring's user, or the user of a device not yet encrypted. */
  function previousUser(): PreviousUser | null {
    if (vault.header !== null) return { id: vault.header.userId, username: vault.header.username };
    if (session.value !== null) return { id: session.value.user.id, username: session.value.user.username };
    return legacyUser.value;
  }

  /** `pin`: asked for when the password changed since this device's key was wrapped and records wait (DEVICE_KEY_STALE). */
  async function login(username: string, password: string, pin?: string): Promise<LoginResult> {
    const device = useDeviceStore();
    await restore();
    const name = username.trim();
    const previous = previousUser();
    const otherUser = previous !== null && previous.username !== name;
    // Unsent records belong to the worker who made them: another account must not push them, nor clear them.
    if (otherUser && (await countUnsent()) > 0) return { ok: false, error: 'UNSENT_OTHER_USER' };
    try {
      const [{ getMe, postLogin }, { getClientId, setClientId }] = await Promise.all([authApi(), metaRepository()]);
      // Another user is another device to the server (it ties a client id to one user): a new id, kept once the
      // login succeeds and the previous user's data is cleared.
      const clientId = otherUser ? crypto.randomUUID() : await getClientId();
      const answer = await postLogin({ username: name, password, clientId });
      device.noteRequestOutcome();
      if (answer.device === undefined) return { ok: false, error: 'BAD_RESPONSE' };
      // Another person's members and records must not stay on a shared device, nor mix with this user's, whose
      // first sync then starts from nothing.
      if (previous !== null && previous.id !== answer.user.id) await endAndClear('user_change');
      await setClientId(clientId);
      const opening = await vault.openWithLogin(answer.user, password, answer.device, answer.lifeboatKey ?? null);
      if (opening === 'stale') {
        // The password was changed since this device's key was wrapped. Unsent records are never dropped: the
        // PIN opens the key and the login wraps it anew. With nothing unsent, everything here comes again from
        // the server: a new key, a first sync.
        if ((await countUnsent()) > 0) {
          if (pin === undefined) return { ok: false, error: 'DEVICE_KEY_STALE' };
          const rewrapped = await vault.rewrapWithPin(pin, password, answer.device, answer.lifeboatKey ?? null);
          if (rewrapped.outcome === 'wrong') return { ok: false, error: 'PIN_WRONG' };
          if (rewrapped.outcome === 'login_required') return { ok: false, error: 'DEVICE_KEY_STALE' };
        } else {
          await endAndClear('user_change');
          await setClientId(clientId);
          await vault.openWithLogin(answer.user, password, answer.device, answer.lifeboatKey ?? null);
        }
      }
      legacyUser.value = null;
      await forgetLegacyUser();
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
    // An expired or revoked session leaves nothing readable (issue 14 §3): the PIN no longer opens the data, so
    // after the next lock or start only an online login does, unsent records included.
    await vault.revoke();
    return true;
  }

  /**
   * Logging out clears the device, and with it records the server has not received: refused while anything
   * is unsent (LogoutSheet offers to sync, or a lifeboat file, first). The data key goes with the data.
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
    await vault.forget();
    session.value = null;
    expired.value = false;
    return 'logged_out';
  }

  /**
   * The server asked this device to wipe itself and the sync engine has pushed every pending record: the device
   * confirms, then clears everything and starts again at the login (issue 14 §3). A failed confirmation throws,
   * and the next sync tries again: until then nothing is cleared.
   */
  async function wipe(currentToken: string): Promise<void> {
    const { postDeviceWiped } = await authApi();
    await postDeviceWiped(currentToken);
    await events.end('logout');
    const { destroyDeviceData } = await import('../vault/wipe');
    await destroyDeviceData();
    session.value = null;
    window.location.replace('/login?wiped=1');
  }

  /** The other stores stop and forget (session-events.ts), then the device is cleared of the user's data and key. */
  async function endAndClear(reason: SessionEnd): Promise<void> {
    await events.end(reason);
    await clearRecords();
    await deleteSession();
    await vault.forget();
    session.value = null;
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
    reopen,
    colleagueName,
    login,
    revalidate,
    handleRejection,
    logout,
    wipe,
    mayWrite,
    branchName,
  };
});
