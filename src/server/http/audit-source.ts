import type { FastifyRequest } from 'fastify';
import type { AuditSource } from '../services/audit';

/** An app request as the audit names where it came from: the client's address (X-Forwarded-For behind TRUST_PROXY). */
export function appSource(request: FastifyRequest): AuditSource {
  return { via: 'app', address: request.ip };
}
