import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

describe('zod as the app runs it', () => {
  // The setting is global: later test files in this worker keep zod's default.
  afterAll(() => void z.config({ jitless: false }));

  it('is told up front that it runs without eval (the server CSP has no unsafe-eval)', async () => {
    await import('../../src/app/zod-config');
    expect(z.config().jitless).toBe(true);
  });

  it('is configured by the first import of the app entry, before any schema is built', () => {
    // zod reads the setting when a schema is constructed: an import placed after the domain would come too late.
    const entry = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'app', 'main.ts'), 'utf8');
    const firstImport = entry.split('\n').find((line) => line.startsWith('import '));
    expect(firstImport).toBe("import './zod-config';");
  });
});
