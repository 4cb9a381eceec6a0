import Fastify from 'fastify';

/**
 * The floor for the many-workers burst: a route that only receives a push, parses it and answers every
 * mutation "applied" — what HTTP and JSON alone cost on this machine, with the benchmark's client in another
 * process as phones are.
 */
const app = Fastify({ bodyLimit: 4 * 1024 * 1024 });
app.post('/bare', async (request) => {
  const body = request.body as { mutations: { id: string }[] };
  return { results: body.mutations.map((m, index) => ({ mutationId: m.id, index, status: 'applied' })), lastSettledSeq: 0 };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
