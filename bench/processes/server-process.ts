import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
 * (the server's request log) goes to a file, as `npm start > server.log` would send it: a pipe read by this
 * process would fill while this process is busy sending a burst, and the server's writes to it would wait.
 */
export async function startProcess(entry: string, env: NodeJS.ProcessEnv): Promise<BenchProcess> {
  const folder = mkdtempSync(join(tmpdir(), 'doorstep-bench-process-'));
  const outputFile = join(folder, 'output.log');
  const output = openSync(outputFile, 'w');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const written = () => readFileSync(outputFile, 'utf8');
  const address = () => /http:\/\/[\d.]+:\d+/.exec(written())?.[0];
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  let url = address();
  while (url === undefined) {
    if (exited !== undefined) {
      const tail = written().slice(-2000);
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`${entry} exited (${exited}) before listening:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    url = address();
  }
  return {
    url,
    cpu: () => processCpu(child.pid),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(folder, { recursive: true, force: true });
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
