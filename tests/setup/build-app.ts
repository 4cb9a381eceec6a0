import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * End-to-end tests run the real built PWA (service worker and all), so build it once per run.
 * A build newer than every source file is reused to keep local reruns quick; CI always builds.
 */
export default function setup(): void {
  const root = process.cwd();
  const dist = join(root, 'dist', 'sw.js');
  if (!process.env.CI && existsSync(dist) && statSync(dist).mtimeMs > newestSource(root)) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which Vite would bake into the bundle: Vue's development build, and Vant's
    // element ids all alike (every field's input "van-field-input"). The tests run what `npm start` serves.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

function newestSource(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['src/app', 'src/domain', 'public']) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of ['index.html', 'vite.config.ts']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}
