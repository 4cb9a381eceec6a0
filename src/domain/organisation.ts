import { z } from 'zod';
import { Id, ShortText } from './common';

/** 街道 › 社区 › 党支部: the tree every user and member hangs from. */
export const OrgKind = z.enum(['street', 'community', 'branch']);
export type OrgKind = z.infer<typeof OrgKind>;

/**
 * 建制 branches hold their members' formal membership and collect dues;
 * 非建制 (三不转) branches host members whose dues channel stays with the old work unit.
 */
export const BranchType = z.enum(['established', 'non_established']);
export type BranchType = z.infer<typeof BranchType>;

export const Organisation = z
  .object({
    id: Id,
    kind: OrgKind,
    name: ShortText(64),
    parentId: Id.nullable(),
    branchType: BranchType.nullable(),
  })
  .superRefine((org, ctx) => {
    if (org.kind === 'street' && org.parentId !== null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: '街道不能有上级组织' });
    }
    if (org.kind !== 'street' && org.parentId === null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: '社区和党支部必须有上级组织' });
    }
    if (org.kind === 'branch' && org.branchType === null) {
      ctx.addIssue({ code: 'custom', path: ['branchType'], message: '党支部必须注明建制或非建制' });
    }
    if (org.kind !== 'branch' && org.branchType !== null) {
      ctx.addIssue({ code: 'custom', path: ['branchType'], message: '只有党支部才有建制类型' });
    }
  });
export type Organisation = z.infer<typeof Organisation>;
