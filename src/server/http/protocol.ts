import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, DomainError } from '../../domain';

/** The protocol version a client announced, or null when the header is absent or not a whole number. */
export function announcedProtocol(request: FastifyRequest): number | null {
  const header = request.headers[PROTOCOL_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/**
 * A push must announce its protocol: a client older than the server's (or one that says nothing, i.e. a
 * build from before the header existed) gets 426 CLIENT_OUTDATED and must update before it syncs, so an
 * old wire format is never half-understood.
 */
export async function requireCurrentProtocol(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const version = announcedProtocol(request);
  if (version === null || version < SYNC_PROTOCOL_VERSION) throw new DomainError('CLIENT_OUTDATED');
}

/** Pulls are reads and may omit the header; a client that announces an older protocol is still refused. */
export async function refuseOutdatedProtocol(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const version = announcedProtocol(request);
  if (version !== null && version < SYNC_PROTOCOL_VERSION) throw new DomainError('CLIENT_OUTDATED');
}
