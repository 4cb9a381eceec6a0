import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The real server as its own process, so the test can kill it with SIGKILL mid-transaction and start it again. */
export interface ServerProcess {
  port: number;
  kills: number;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function serverProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const self: ServerProcess = {
    port,
    kills: 0,
    async start() {
      output = '';
      // node --import tsx keeps the server in this one process: the tsx CLI would run it in a child that
      // survives a SIGKILL sent to the wrapper.
      child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: process.cwd(),
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', STATIC_DIR: '/nonexistent', DEMO: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`server exited during start:\n${output}`);
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/health`);
          // Only the process just started may answer: a survivor of kill() would make the test meaningless.
          if (response.ok && output.includes(String(port))) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`server did not start within 30 s:\n${output}`);
    },
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
      self.kills++;
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
  return self;
}
