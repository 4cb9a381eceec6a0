import { z } from 'zod';
import { Id, IsoInstant } from '../common';

/**
 * How often members are visited, per community with branch overrides (docs/DOMAIN.md §4). A row with
 * `branchId: null` is the community's; a row naming a branch replaces it for that branch's members. Where no
 * row exists, DEFAULT_VISIT_SETTINGS applies: the defaults the national guidance and community practice give.
 */
export const Cadence = z.object({
  /** The visit in person is wanted every `targetDays` … */
  targetDays: z.number().int().min(1).max(366),
  /** … and is overdue after `maxDays` without one. */
  maxDays: z.number().int().min(1).max(366),
});
export type Cadence = z.infer<typeof Cadence>;

export const VisitTier = z.enum(['high', 'key', 'general']);
export type VisitTier = z.infer<typeof VisitTier>;

export const VisitSettingsValues = z
  .object({
    /** 高龄 starts at this age (risk.ts's DEFAULT_ADVANCED_AGE is the default). */
    advancedAge: z.number().int().min(60).max(100),
    cadence: z.object({ high: Cadence, key: Cadence, general: Cadence }),
    /** A phone contact wanted this often between visits in person (and instead of them while a member is away). */
    phoneEveryDays: z.number().int().min(7).max(366),
    /** Outcome 住院 recorded → a sick visit due within this many days. */
    sickVisitWithinDays: z.number().int().min(0).max(60),
    /** A bereavement, hardship or hospitalisation recorded → a visit due within this many days (0 = the same day). */
    eventVisitWithinDays: z.number().int().min(0).max(60),
    /** How far back a visit's date may be set when it is written up later. */
    visitBackdateDays: z.number().int().min(0).max(60),
  })
  .superRefine((v, ctx) => {
    for (const tier of VisitTier.options) {
      if (v.cadence[tier].maxDays < v.cadence[tier].targetDays) {
        ctx.addIssue({ code: 'custom', path: ['cadence', tier, 'maxDays'], message: '最长间隔不能短于目标间隔' });
      }
    }
  });
export type VisitSettingsValues = z.infer<typeof VisitSettingsValues>;

export const DEFAULT_VISIT_SETTINGS: VisitSettingsValues = {
  advancedAge: 80,
  cadence: {
    high: { targetDays: 7, maxDays: 30 },
    key: { targetDays: 30, maxDays: 30 },
    general: { targetDays: 90, maxDays: 90 },
  },
  phoneEveryDays: 30,
  sickVisitWithinDays: 3,
  eventVisitWithinDays: 1,
  visitBackdateDays: 7,
};

/** The record as stored and pulled: the admin writes it (admin API), every device of the community reads it. */
export const VisitSettings = z.object({
  id: Id,
  communityId: Id,
  branchId: Id.nullable(),
  values: VisitSettingsValues,
  updatedBy: Id,
  updatedAt: IsoInstant,
});
export type VisitSettings = z.infer<typeof VisitSettings>;

/** The settings a member's branch lives under: its override, else the community's row, else the defaults. */
export function settingsForBranch(branchId: string | null, rows: readonly VisitSettings[]): VisitSettingsValues {
  const own = branchId === null ? undefined : rows.find((row) => row.branchId === branchId);
  return (own ?? rows.find((row) => row.branchId === null))?.values ?? DEFAULT_VISIT_SETTINGS;
}
