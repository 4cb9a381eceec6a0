import { FormsResponse, type VisitTemplate } from '../../domain';
import { requestJson } from './http';

/** GET /api/forms, read with the schema the server answers with (the domain's FormsResponse). */
export async function getForms(token: string, signal?: AbortSignal): Promise<VisitTemplate[]> {
  const answer = await requestJson('/api/forms', FormsResponse, { token, signal });
  return [...answer.templates];
}
