export { DEMO_LOGINS, configuredDemoPassword, demoPasswordForRun, demoPasswords, generateDemoPassword, type DemoLogin, type DemoPasswords } from './logins';
export { DEMO_MEMBER_COUNT } from './members';
export { seedDemo, DEMO_COMMUNITY_NAME, DEMO_STREET_NAME } from './seed-demo';
