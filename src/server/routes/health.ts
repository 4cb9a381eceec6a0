import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../../domain';
import { healthStatus } from '../services/health';
import type { Storage } from '../storage';

export function healthRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get('/api/health', async (): Promise<HealthResponse> => healthStatus(storage));
  };
}
