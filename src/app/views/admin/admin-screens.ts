// The administrator's screens: one chunk loaded by route (router.ts), never part of the worker's first screen.
export { default as AdminHomeView } from './AdminHomeView.vue';
export { default as AdminImportView } from './AdminImportView.vue';
export { default as AdminMembersView } from './AdminMembersView.vue';
export { default as AdminMemberView } from './AdminMemberView.vue';
export { default as AdminOrganisationView } from './AdminOrganisationView.vue';
export { default as AdminPairingsView } from './AdminPairingsView.vue';
export { default as AdminUsersView } from './AdminUsersView.vue';
export { default as AdminVisitSettingsView } from './AdminVisitSettingsView.vue';
export { default as AdminCampaignsView } from './AdminCampaignsView.vue';
export { default as AdminCampaignView } from './AdminCampaignView.vue';
export { default as AdminCoverageView } from './AdminCoverageView.vue';
export { default as AdminVisitLedgerView } from './AdminVisitLedgerView.vue';
export { default as AdminAuditView } from './AdminAuditView.vue';
export { default as AdminUserView } from './AdminUserView.vue';
export { default as AdminLifeboatView } from './AdminLifeboatView.vue';
