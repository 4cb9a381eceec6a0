import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A process the benchmark talks to over HTTP, as phones talk to the server: its own event loop, its own core. */
export interface BenchProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` with `env` and waits for the first http:// address it prints. Its output
 * (the server's request log) is read and dropped, so a full pipe never stalls it.
 */
export async function startProcess(entry: string, env: NodeJS.ProcessEnv): Promise<BenchProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString();
      const match = /http:\/\/[\d.]+:\d+/.exec(output);
      if (match) resolve(match[0]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before listening:\n${output.slice(-2000)}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
