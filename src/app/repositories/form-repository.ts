import { VISIT_TEMPLATES, type VisitTemplate } from '../../domain';
import { db } from '../db/database';

/** Old versions stay cached: a visit draft started against one must still read after the forms change. */
export async function cacheForms(templates: VisitTemplate[]): Promise<void> {
  await db.forms.bulkPut(templates.map((template) => ({ id: template.id, version: template.version, payload: template })));
}

/** The newest version of each template; the ones built into the app until the first download. */
export async function currentTemplates(): Promise<VisitTemplate[]> {
  const rows = await db.forms.toArray();
  if (rows.length === 0) return [...VISIT_TEMPLATES];
  const newest = new Map<string, VisitTemplate>();
  for (const { payload } of rows) {
    const known = newest.get(payload.id);
    if (!known || known.version < payload.version) newest.set(payload.id, payload);
  }
  return [...newest.values()];
}

export async function templateOf(id: string, version: number): Promise<VisitTemplate | null> {
  const row = await db.forms.get([id, version]);
  return row?.payload ?? VISIT_TEMPLATES.find((t) => t.id === id && t.version === version) ?? null;
}
