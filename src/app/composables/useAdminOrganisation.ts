import { computed, shallowRef } from 'vue';
import type { AdminBranchInput, AdminOrganisation, Organisation } from '../../domain';
import { createBranch, getOrganisation, updateBranch } from '../api/admin-api';
import { useAdminRequest } from './useAdminRequest';

/** 街道 › 社区 › 党支部 of the admin's community, with each branch's secretaries (issue 11 §5). */
export function useAdminOrganisation() {
  const request = useAdminRequest();
  const organisation = shallowRef<AdminOrganisation | null>(null);

  const branches = computed<Organisation[]>(() => organisation.value?.branches.map((entry) => entry.branch) ?? []);

  function branchName(branchId: string | null): string | null {
    if (branchId === null) return null;
    return branches.value.find((branch) => branch.id === branchId)?.name ?? null;
  }

  async function load(): Promise<boolean> {
    const result = await request.call((token) => getOrganisation(token));
    if (result.ok) organisation.value = result.value;
    return result.ok;
  }

  /** A new branch, or a branch renamed or retyped; the tree is read again so secretaries stay beside their branch. */
  async function saveBranch(branchId: string | null, input: AdminBranchInput): Promise<boolean> {
    const result = await request.call((token) => (branchId === null ? createBranch(token, input) : updateBranch(token, branchId, input)));
    if (!result.ok) return false;
    await load();
    return true;
  }

  return { ...request, organisation, branches, branchName, load, saveBranch };
}
