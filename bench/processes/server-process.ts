import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** A process the benchmark talks to over HTTP, as phones talk to the server: its own event loop, its own core. */
export interface BenchProcess {
  url: string;
  /** CPU time the process has used so far (all its threads), in ms; null where /proc cannot tell. */
  cpuMs(): number | null;
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
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (Linux's USER_HZ is 100 on every common build). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
