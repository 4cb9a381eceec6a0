import type { HealthResponse } from '../../domain';
import { pingDatabase, type Storage } from '../storage';
import { SERVER_VERSION } from '../version';

/** "ok" only after a round trip to the database, so a monitor notices a lost PostgreSQL connection. */
export async function healthStatus(storage: Storage): Promise<HealthResponse> {
  await pingDatabase(storage.db);
  return { status: 'ok', database: storage.kind, version: SERVER_VERSION, time: new Date().toISOString() };
}
