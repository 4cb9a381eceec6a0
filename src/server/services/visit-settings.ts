import { randomUUID } from 'node:crypto';
import { DEFAULT_VISIT_SETTINGS, VisitSettings, parseInput, type AdminVisitSettings, type AdminVisitSettingsInput, type User, type VisitSettingsValues } from '../../domain';
import { appendChanges, communityChange, lockVersionCounter, type ChangeEntry } from '../storage/change-log';
import { canonicalJson } from '../storage/content-hash';
import type { Db, DatabaseSchema } from '../storage/tables';
import { nowIso } from './clock';
import { requireBranchOfCommunity } from './community-scope';

/**
 * How often the community's members are visited (docs/DOMAIN.md §4): one row for the community, one for each
 * branch that differs, written by the administrator and pulled by every device of the community, which computes
 * its plans from them offline (settingsForBranch).
 */
export async function communityVisitSettings(db: Db, admin: User): Promise<AdminVisitSettings> {
  const rows = await db.selectFrom('visit_settings').select(['branch_id', 'data']).where('community_id', '=', admin.communityId).execute();
  const settings = rows.map((row) => VisitSettings.parse(JSON.parse(row.data)));
  return {
    defaults: DEFAULT_VISIT_SETTINGS,
    community: settings.find((s) => s.branchId === null) ?? null,
    // By branch id: a stable order on both engines.
    overrides: settings.filter((s) => s.branchId !== null).sort((a, b) => (a.branchId! < b.branchId! ? -1 : 1)),
  };
}

type Row = DatabaseSchema['visit_settings'];

/**
 * Replaces the community's settings with what the form holds: its own values and the branch overrides. A row
 * whose values did not change is left as it was (no change reaches the devices); an override left out is
 * deleted, with its tombstone, so the branch follows the community again. Branches must be the community's
 * (another community's: NOT_FOUND, as for one that does not exist).
 */
export async function saveVisitSettings(db: Db, admin: User, input: AdminVisitSettingsInput): Promise<AdminVisitSettings> {
  await db.transaction().execute(async (trx) => {
    // Held until commit: two administrators saving at once are applied one after the other (one row per scope).
    await lockVersionCounter(trx);
    for (const { branchId } of input.overrides) await requireBranchOfCommunity(trx, admin.communityId, branchId);
    const existing = new Map(
      (await trx.selectFrom('visit_settings').selectAll().where('community_id', '=', admin.communityId).execute()).map((row) => [row.scope_id, row]),
    );
    const now = nowIso();
    const wanted: { branchId: string | null; values: VisitSettingsValues }[] = [{ branchId: null, values: input.community }, ...input.overrides];
    const writes: { row: Row; isNew: boolean }[] = [];
    const changes: ChangeEntry[] = [];
    const kept = new Set<string>();
    for (const { branchId, values } of wanted) {
      const scopeId = branchId ?? admin.communityId;
      kept.add(scopeId);
      const before = existing.get(scopeId);
      if (before && canonicalJson(VisitSettings.parse(JSON.parse(before.data)).values) === canonicalJson(values)) continue;
      const record = parseInput(VisitSettings, { id: before?.id ?? randomUUID(), communityId: admin.communityId, branchId, values, updatedBy: admin.id, updatedAt: now });
      writes.push({
        isNew: before === undefined,
        row: { id: record.id, community_id: admin.communityId, branch_id: branchId, scope_id: scopeId, data: JSON.stringify(record), updated_at: now, created_at: before?.created_at ?? now },
      });
      changes.push(communityChange('visit_settings', record.id, admin.communityId, 'upsert'));
    }
    const gone = [...existing.values()].filter((row) => !kept.has(row.scope_id));
    for (const row of gone) changes.push(communityChange('visit_settings', row.id, admin.communityId, 'delete'));

    // Versions first (appendChanges), then the rows, as every writer of the change log does.
    await appendChanges(trx, changes, now);
    for (const { row, isNew } of writes) {
      if (isNew) await trx.insertInto('visit_settings').values(row).execute();
      else await trx.updateTable('visit_settings').set({ data: row.data, updated_at: row.updated_at }).where('id', '=', row.id).execute();
    }
    if (gone.length > 0) await trx.deleteFrom('visit_settings').where('id', 'in', gone.map((row) => row.id)).execute();
  });
  return communityVisitSettings(db, admin);
}
