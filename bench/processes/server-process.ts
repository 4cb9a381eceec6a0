import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

export interface ProcessCpu {
  processMs: number;
  /** The thread that runs JavaScript: the event loop, where a Node server's requests are handled one at a time. */
  mainThreadMs: number;
}

/** A process the benchmark talks to over HTTP, as phones talk to the server: its own event loop, its own core. */
export interface BenchProcess {
  url: string;
  /** CPU time used so far, in ms, by the whole process and by its main thread; null where /proc cannot tell. */
  cpu(): ProcessCpu | null;
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
    cpu: () => processCpu(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

function processCpu(pid: number | undefined): ProcessCpu | null {
  if (pid === undefined) return null;
  try {
    // The main thread's id is the process id.
    return { processMs: cpuMsOf(`/proc/${pid}/stat`), mainThreadMs: cpuMsOf(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return null;
  }
}

/** utime + stime of a /proc stat file, in clock ticks of 10 ms (Linux's USER_HZ is 100 on every common build). */
function cpuMsOf(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // The fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
