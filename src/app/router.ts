import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router';
import { withScreenMessages } from './i18n';
import { useSessionStore } from './stores/session-store';
import { useVaultStore } from './stores/vault-store';
import LoginView from './views/LoginView.vue';
import UnlockView from './views/UnlockView.vue';
import type { MutationType, Role } from '../domain';

declare module 'vue-router' {
  interface RouteMeta {
    requiresAuth?: boolean;
    /** Only this role may open the page; others land on the roster. */
    role?: Role;
    /** A form recording these kinds: only roles the registry lets write one of them may open it (others: roster). */
    writes?: readonly MutationType[];
  }
}

function queryText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `?fix=<seq>` opens a form to fix the rejected outbox entry with that seq. */
function fixSeq(value: unknown): number | undefined {
  const text = queryText(value);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function formProps(route: RouteLocationNormalized) {
  return { id: route.params.id, fix: fixSeq(route.query.fix) };
}

// Only the first screen (login, roster) is in the entry chunk: the worker's phone parses nothing else before the
// roster shows. Every other screen comes by route in one chunk per role (views/*-screens.ts), which the service
// worker precaches with the rest (vite.config.ts), so opening one offline never needs the network.
// A screen also waits for the texts only later screens use (i18n/index.ts, screenMessages).
function screenOf<T>(load: () => Promise<T>) {
  const loadWithTexts = withScreenMessages(load);
  return <K extends keyof T>(name: K) => () => loadWithTexts().then((screens) => screens[name]);
}
const workerScreen = screenOf(() => import('./views/worker-screens'));
/**
 * Every start opens on the lock screen (or the login form), never on the roster (issue 14): the roster comes in a
 * chunk of its own, asked for as soon as either screen shows, so it is in memory by the time the PIN is checked.
 */
let rosterView: Promise<unknown> | null = null;
function loadRoster() {
  rosterView ??= import('./views/RosterView.vue');
  return rosterView as Promise<typeof import('./views/RosterView.vue')>;
}
const secretaryScreen = screenOf(() => import('./views/secretary-screens'));
const adminScreen = screenOf(() => import('./views/admin/admin-screens'));
const accountScreen = screenOf(() => import('./views/account-screens'));

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'roster' } },
  { path: '/login', name: 'login', component: LoginView },
  // The lock (issue 14): in the entry chunk, as it is the first screen of every start. The PIN is chosen after a
  // login, which needed the network: its screen loads then (precached like every chunk).
  { path: '/unlock', name: 'unlock', component: UnlockView },
  { path: '/pin-setup', name: 'pin-setup', component: () => import('./views/PinSetupView.vue') },
  // Every role's own sessions and password (issue 14 §6), online only.
  { path: '/account', name: 'account', component: accountScreen('AccountView'), meta: { requiresAuth: true } },
  { path: '/roster', name: 'roster', component: loadRoster, meta: { requiresAuth: true } },
  { path: '/members/:id', name: 'member', component: workerScreen('MemberDetailView'), props: true, meta: { requiresAuth: true } },
  {
    path: '/members/:id/visit',
    name: 'visit',
    component: workerScreen('VisitFormView'),
    props: (route) => ({ id: route.params.id, amends: queryText(route.query.amends), fix: fixSeq(route.query.fix), type: queryText(route.query.type) }),
    meta: { requiresAuth: true, writes: ['visit.submit'] },
  },
  // The worker's plan and 四必访 events (issue 12).
  { path: '/plan', name: 'plan', component: workerScreen('PlanView'), meta: { requiresAuth: true, role: 'worker' } },
  { path: '/members/:id/event', name: 'member-event', component: workerScreen('MemberEventView'), props: true, meta: { requiresAuth: true, writes: ['member_event.record'] } },
  { path: '/members/:id/dues', name: 'dues', component: workerScreen('DuesPaymentView'), props: formProps, meta: { requiresAuth: true, writes: ['dues.record'] } },
  {
    path: '/members/:id/health',
    name: 'health',
    component: workerScreen('HealthNoteView'),
    props: formProps,
    meta: { requiresAuth: true, writes: ['consent.give', 'health_note.record'] },
  },
  // The secretary's attendance and evaluation registers, exports and printing (issue 4).
  { path: '/meetings', name: 'meetings', component: secretaryScreen('MeetingsView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/meetings/:id', name: 'meeting', component: secretaryScreen('MeetingView'), props: true, meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/attendance', name: 'attendance-register', component: secretaryScreen('AttendanceRegisterView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/evaluations', name: 'evaluations', component: secretaryScreen('EvaluationsView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/ledger/export', name: 'ledger-export', component: secretaryScreen('LedgerExportView'), meta: { requiresAuth: true, role: 'secretary' } },
  // The secretary's dues ledger and reconciliation; the worker's side of the cash handover (issue 4).
  { path: '/ledger', name: 'ledger', component: secretaryScreen('DuesLedgerView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/ledger/reconcile/:month?', name: 'reconcile', component: secretaryScreen('ReconciliationView'), props: true, meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/ledger/summary', name: 'branch-summary', component: secretaryScreen('BranchSummaryView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/ledger/settings', name: 'dues-settings', component: secretaryScreen('DuesSettingsView'), meta: { requiresAuth: true, role: 'secretary' } },
  // A worker hands their own cash to the secretary; the secretary's side of it is on 对账.
  { path: '/handovers', name: 'handovers', component: workerScreen('HandoversView'), meta: { requiresAuth: true, role: 'worker' } },
  // The administrator's screens (issue 11): they work on the server's data, online only.
  { path: '/admin', name: 'admin-home', component: adminScreen('AdminHomeView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/import', name: 'admin-import', component: adminScreen('AdminImportView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/members', name: 'admin-members', component: adminScreen('AdminMembersView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/members/new', name: 'admin-member-new', component: adminScreen('AdminMemberView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/members/:id', name: 'admin-member', component: adminScreen('AdminMemberView'), props: true, meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/users', name: 'admin-users', component: adminScreen('AdminUsersView'), meta: { requiresAuth: true, role: 'admin' } },
  // A user's devices and sessions, and the lifeboat import (issue 14).
  { path: '/admin/users/:id', name: 'admin-user', component: adminScreen('AdminUserView'), props: true, meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/lifeboats', name: 'admin-lifeboats', component: adminScreen('AdminLifeboatView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/pairings', name: 'admin-pairings', component: adminScreen('AdminPairingsView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/organisation', name: 'admin-organisation', component: adminScreen('AdminOrganisationView'), meta: { requiresAuth: true, role: 'admin' } },
  // Visits seen from above (issue 12): settings and campaigns (online), coverage (online), the 走访台账 (on the device).
  { path: '/admin/visit-settings', name: 'admin-visit-settings', component: adminScreen('AdminVisitSettingsView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/campaigns', name: 'admin-campaigns', component: adminScreen('AdminCampaignsView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/campaigns/:id', name: 'admin-campaign', component: adminScreen('AdminCampaignView'), props: true, meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/coverage', name: 'admin-coverage', component: adminScreen('AdminCoverageView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/visit-ledger', name: 'admin-visit-ledger', component: adminScreen('AdminVisitLedgerView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/admin/audit', name: 'admin-audit', component: adminScreen('AdminAuditView'), meta: { requiresAuth: true, role: 'admin' } },
  { path: '/coverage', name: 'coverage', component: secretaryScreen('CoverageView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/visit-ledger', name: 'visit-ledger', component: secretaryScreen('VisitLedgerView'), meta: { requiresAuth: true, role: 'secretary' } },
  { path: '/:pathMatch(.*)*', redirect: { name: 'roster' } },
];

/** Where a user starts: an administrator on their own home page, everyone else on the roster. */
export function homeFor(role: Role | undefined): RouteLocationRaw {
  return { name: role === 'admin' ? 'admin-home' : 'roster' };
}

export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    const vault = useVaultStore();
    // The stored session decides, not the network: a reload in a basement opens the roster — after the PIN.
    await session.restore();
    const redirect = to.name === 'roster' || to.name === 'unlock' || to.name === 'pin-setup' || to.name === 'login' ? {} : { redirect: to.fullPath };
    // Locked: nothing of the user's can be read until the PIN (offline) or a login (online) opens the data.
    if (vault.status === 'locked' && to.name !== 'unlock' && to.name !== 'login') {
      if (vault.header?.hasPin === true) return { name: 'unlock', query: redirect };
      return { name: 'login', query: { username: session.lastUsername, ...redirect } };
    }
    if (to.name === 'unlock' && vault.status !== 'locked') return homeFor(session.user?.role);
    if (to.name === 'unlock' || to.name === 'login') void loadRoster().catch(() => undefined);
    // Right after a login the PIN is chosen, before anything else: without it the next lock needs the network.
    if (vault.needsPin && session.isAuthenticated && to.name !== 'pin-setup') return { name: 'pin-setup', query: redirect };
    if (to.name === 'pin-setup' && !vault.needsPin) return homeFor(session.user?.role);
    if (to.meta.requiresAuth && !session.isAuthenticated) {
      const query: Record<string, string> = {};
      if (session.lastUsername) query.username = session.lastUsername;
      if (to.name !== 'roster') query.redirect = to.fullPath;
      return { name: 'login', query };
    }
    if (to.name === 'login' && session.isAuthenticated) return homeFor(session.user?.role);
    // The app's front door ('/', where login sends everyone) opens the user's home, not always the roster.
    if (to.redirectedFrom?.path === '/' && to.name === 'roster' && session.user?.role === 'admin') return homeFor('admin');
    if (to.meta.role !== undefined && session.user?.role !== to.meta.role) return { name: 'roster' };
    if (to.meta.writes !== undefined && !to.meta.writes.some((type) => session.mayWrite(type))) return { name: 'roster' };
    return true;
  });

  return router;
}
