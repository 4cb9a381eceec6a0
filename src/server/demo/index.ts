export { DEMO_LOGINS, DEMO_PASSWORD, type DemoLogin } from './logins';
export { DEMO_MEMBER_COUNT } from './members';
export { seedDemo, DEMO_COMMUNITY_NAME, DEMO_STREET_NAME } from './seed-demo';
