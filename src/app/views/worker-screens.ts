// The worker's screens after the roster, loaded together on the first visit to any of them (router.ts): one chunk,
// precached by the service worker, so a member's page opens offline as fast as before without weighing on login.
export { default as MemberDetailView } from './MemberDetailView.vue';
export { default as VisitFormView } from './VisitFormView.vue';
export { default as DuesPaymentView } from './DuesPaymentView.vue';
export { default as HealthNoteView } from './HealthNoteView.vue';
export { default as PlanView } from './PlanView.vue';
export { default as MemberEventView } from './MemberEventView.vue';
export { default as HandoversView } from './HandoversView.vue';
