// One's own account screen (sessions, password), for every role: its own chunk, loaded by route (router.ts).
export { default as AccountView } from './AccountView.vue';
