import { describe, expect, it } from 'vitest';
import { MemberEventKind, VisitTier, type PlanReason, type PlanState } from '../../src/domain';
import { en } from '../../src/app/i18n/en';
import { zhCN } from '../../src/app/i18n/zh-CN';

/** Each value the domain hands the plan's dynamic keys has its words in both languages (a new reason fails here). */
const REASONS = { cadence: true, phone: true, sick: true, event: true, follow_up: true, birthday: true, political_birthday: true, campaign: true } satisfies Record<PlanReason, true>;
const SETTLED = { done: true, not_applicable: true, replaced: true } satisfies Record<Exclude<PlanState, 'open'>, true>;

describe('the plan’s texts', () => {
  for (const [name, messages] of [['zh-CN', zhCN.plan], ['en', en.plan]] as const) {
    it(`names every reason, tier, event kind and settled state in ${name}`, () => {
      for (const reason of Object.keys(REASONS)) expect(messages.reason[reason as PlanReason], reason).toBeTruthy();
      for (const tier of VisitTier.options) expect(messages.tier[tier], tier).toBeTruthy();
      for (const kind of MemberEventKind.options) expect(messages.event.kind[kind], kind).toBeTruthy();
      for (const state of Object.keys(SETTLED)) expect(messages.state[state as keyof typeof SETTLED], state).toBeTruthy();
    });
  }
});
