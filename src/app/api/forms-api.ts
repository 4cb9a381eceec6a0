import { z } from 'zod';
import { VisitType, type VisitTemplate } from '../../domain';
import { requestJson } from './http';

const Relevance = z.object({ field: z.string(), anyOf: z.array(z.string()).readonly() });
const FormField = z.object({
  key: z.string(),
  kind: z.enum(['text', 'textarea', 'single', 'multi', 'boolean', 'date', 'home_safety', 'follow_ups', 'items']),
  labelKey: z.string(),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), labelKey: z.string() })).readonly().optional(),
  relevantWhen: Relevance.optional(),
});
const Template = z.object({
  id: z.string().min(1).max(40),
  version: z.number().int().min(1),
  visitType: VisitType,
  titleKey: z.string(),
  fields: z.array(FormField).readonly(),
});

/** The shape the app reads from GET /api/forms; a template it cannot read is not cached. */
export const FormsResponse = z.object({ templates: z.array(Template) });

export async function getForms(token: string, signal?: AbortSignal): Promise<VisitTemplate[]> {
  const answer = await requestJson('/api/forms', FormsResponse, { token, signal });
  return answer.templates;
}
