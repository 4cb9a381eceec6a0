import { build, type Rolldown } from 'vite';

/**
 * Bundles a bench entry for the page with the project's own Vite, so the browser runs the same Dexie the app ships.
 * `swaps` replaces a module (by its resolved path) for a baseline (e.g. the pull without encryption at rest).
 */
export async function bundleForBrowser(entry: string, globalName: string, swaps: Record<string, string> = {}): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'bench-swap',
        enforce: 'pre',
        // By resolved file, whatever the import looks like ('./seal-middleware', '../db/seal-middleware', …).
        async resolveId(source, importer) {
          if (Object.keys(swaps).length === 0) return null;
          const resolved = await this.resolve(source, importer, { skipSelf: true });
          return resolved && swaps[resolved.id] !== undefined ? swaps[resolved.id] : null;
        },
      },
    ],
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: globalName, fileName: globalName },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no bundle produced for ${entry}`);
  return chunk.code;
}
