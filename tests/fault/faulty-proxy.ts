import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the simulated devices and the server that misbehaves like a basement connection:
 * some connections are cut before the request reaches the server, and some answers are lost after the
 * server has already committed (the nastiest case for exactly-once).
 */
export interface FaultRates {
  /** Cut the connection before forwarding anything. */
  dropBeforeRequest: number;
  /** Forward the request, then cut the connection as the answer starts to arrive. */
  loseResponse: number;
}

export interface FaultyProxy {
  port: number;
  stats: { connections: number; dropped: number; lostResponses: number };
  close(): Promise<void>;
}

export async function startFaultyProxy(targetPort: () => number, rates: FaultRates, random: () => number): Promise<FaultyProxy> {
  const stats = { connections: 0, dropped: 0, lostResponses: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    stats.connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const roll = random();
    if (roll < rates.dropBeforeRequest) {
      stats.dropped++;
      client.destroy();
      return;
    }
    const loseResponse = roll < rates.dropBeforeRequest + rates.loseResponse;
    const upstream = connect(targetPort(), '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (loseResponse) {
        stats.lostResponses++;
        upstream.destroy();
        client.destroy();
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind');
  return {
    port: address.port,
    stats,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
