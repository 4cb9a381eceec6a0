// The branch secretary's tablet screens (ledgers, registers, exports, coverage): one chunk loaded by route
// (router.ts), never part of the worker's first screen; the service worker precaches it for offline use.
export { default as MeetingsView } from './MeetingsView.vue';
export { default as MeetingView } from './MeetingView.vue';
export { default as AttendanceRegisterView } from './AttendanceRegisterView.vue';
export { default as EvaluationsView } from './EvaluationsView.vue';
export { default as LedgerExportView } from './LedgerExportView.vue';
export { default as DuesLedgerView } from './DuesLedgerView.vue';
export { default as ReconciliationView } from './ReconciliationView.vue';
export { default as BranchSummaryView } from './BranchSummaryView.vue';
export { default as DuesSettingsView } from './DuesSettingsView.vue';
export { default as CoverageView } from './CoverageView.vue';
export { default as VisitLedgerView } from './VisitLedgerView.vue';
