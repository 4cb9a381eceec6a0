import { randomInt } from 'node:crypto';
import type { Role } from '../../domain';
import { newPasswordProblem } from '../../domain/common-passwords';

export interface DemoLogin {
  username: string;
  displayName: string;
  role: Role;
  /** Which demo account is which, for the start-up banner: zh-CN first, then English. */
  description: string;
}

/** Every demo account; main.ts prints them with their passwords when it creates them. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { username: 'worker1', displayName: '李红梅', role: 'worker', description: '服务专员，结对张晓明等 / service worker' },
  { username: 'worker2', displayName: '王建军', role: 'worker', description: '服务专员 / service worker' },
  { username: 'worker3', displayName: '赵静', role: 'worker', description: '服务专员 / service worker' },
  { username: 'worker4', displayName: '陈晓燕', role: 'worker', description: '服务专员 / service worker' },
  { username: 'secretary1', displayName: '刘志华', role: 'secretary', description: '第一党支部书记 / branch secretary' },
  { username: 'admin1', displayName: '周敏', role: 'admin', description: '社区管理员 / community administrator' },
];

/** The password of each demo login, by username. */
export type DemoPasswords = ReadonlyMap<string, string>;

// Lower-case letters and digits without the look-alikes (0 o 1 l i), typed easily on a phone's keyboard.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 12 random characters in groups of four (about 59 bits): e.g. `k7pm-x3qa-9vtc`. Never a common password. */
export function generateDemoPassword(): string {
  for (;;) {
    const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
    const password = groups.join('-');
    if (newPasswordProblem(password) === null) return password;
  }
}

/**
 * DEMO_PASSWORD, when set: the one password of every demo login (tests, the benchmark and scripts set it to log
 * in). It must follow the password rules like any other (docs/DOMAIN.md §6). null when unset.
 */
export function configuredDemoPassword(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.DEMO_PASSWORD;
  if (value === undefined || value === '') return null;
  const problem = newPasswordProblem(value);
  if (problem !== null) throw new Error(`环境变量 DEMO_PASSWORD 不符合密码规则 / DEMO_PASSWORD breaks the password rules (${problem})`);
  return value;
}

/**
 * The passwords the demo seed gives its logins: DEMO_PASSWORD for all of them when set, otherwise a new one
 * for each, generated now and shown once by main.ts — no demo password is written in the code.
 */
export function demoPasswords(env: NodeJS.ProcessEnv = process.env): DemoPasswords {
  const configured = configuredDemoPassword(env);
  return new Map(DEMO_LOGINS.map((login) => [login.username, configured ?? generateDemoPassword()]));
}

/**
 * For tests, the benchmark and scripts that start a demo server and log in: DEMO_PASSWORD, set to a newly
 * generated password for this run when unset, so that a server they start (in this process, or a child that
 * inherits the environment) seeds its logins with it.
 */
export function demoPasswordForRun(env: NodeJS.ProcessEnv = process.env): string {
  const configured = configuredDemoPassword(env);
  if (configured !== null) return configured;
  const generated = generateDemoPassword();
  env.DEMO_PASSWORD = generated;
  return generated;
}
