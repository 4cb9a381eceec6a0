import type { FastifyInstance } from 'fastify';
import { HealthResponse } from '../../domain';
import { route } from '../http/route';
import { healthStatus } from '../services/health';
import type { Storage } from '../storage';

export function healthRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    app.get('/api/health', route({ response: HealthResponse }, () => healthStatus(storage)));
  };
}
