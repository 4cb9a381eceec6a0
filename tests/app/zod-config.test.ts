import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import viteConfig from '../../vite.config';

describe('zod as the app runs it', () => {
  // The setting is global: later test files in this worker keep zod's default.
  afterAll(() => void z.config({ jitless: false }));

  it('is told up front that it runs without eval (the server CSP has no unsafe-eval)', async () => {
    await import('../../src/app/zod-config');
    expect(z.config().jitless).toBe(true);
  });

  it('is what every `zod` import of the build gets, so no schema is built before the setting', () => {
    // zod reads the setting when a schema is constructed, and zod is no longer in the first screen's script:
    // whichever chunk builds the first schema must go through zod-config.ts.
    const plugins = (viteConfig.plugins ?? []).flat() as { name?: string; resolveId?: (id: string) => unknown }[];
    const plugin = plugins.find((p) => p?.name === 'doorstep:zod-jitless');
    expect(plugin).toBeDefined();
    expect(String(plugin!.resolveId!('zod'))).toMatch(/src[\\/]app[\\/]zod-config\.ts$/);
    // zod-config.ts itself reaches zod by another name, which is left alone.
    expect(plugin!.resolveId!('zod/v4')).toBeNull();
  });
});
