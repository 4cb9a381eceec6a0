import type { Role } from '../../domain';

export const DEMO_PASSWORD = 'doorstep2026';

export interface DemoLogin {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  /** Which demo account is which, for the start-up banner: zh-CN first, then English. */
  description: string;
}

/** Every demo account; main.ts prints them and the end-to-end tests log in with them. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { username: 'worker1', password: DEMO_PASSWORD, displayName: '李红梅', role: 'worker', description: '服务专员，结对张晓明等 / service worker' },
  { username: 'worker2', password: DEMO_PASSWORD, displayName: '王建军', role: 'worker', description: '服务专员 / service worker' },
  { username: 'worker3', password: DEMO_PASSWORD, displayName: '赵静', role: 'worker', description: '服务专员 / service worker' },
  { username: 'worker4', password: DEMO_PASSWORD, displayName: '陈晓燕', role: 'worker', description: '服务专员 / service worker' },
  { username: 'secretary1', password: DEMO_PASSWORD, displayName: '刘志华', role: 'secretary', description: '第一党支部书记 / branch secretary' },
  { username: 'admin1', password: DEMO_PASSWORD, displayName: '周敏', role: 'admin', description: '社区管理员 / community administrator' },
];
