import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats of the built app; images and woff2 are compressed already and gain nothing. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.webmanifest', '.json', '.txt', '.xml', '.ico']);

/** Files a variant was written for, relative to the folder. */
export interface PrecompressResult {
  br: string[];
  gz: string[];
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await filesUnder(join(dir, entry.name), relative)));
    else if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name))) found.push(relative);
  }
  return found;
}

/**
 * Writes `name.br` and `name.gz` beside every text file of a built app, at the highest levels: done once per
 * build, so the server (@fastify/static, preCompressed) spends no CPU per request and phones on a weak signal get
 * the smallest files. A variant that is not smaller than the file is not written (the file is sent as it is).
 */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { br: [], gz: [] };
  for (const file of await filesUnder(dir)) {
    const path = join(dir, file);
    const content = await readFile(path);
    const [br, gz] = await Promise.all([
      brotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
      gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    if (br.length < content.length) {
      await writeFile(`${path}.br`, br);
      result.br.push(file);
    }
    if (gz.length < content.length) {
      await writeFile(`${path}.gz`, gz);
      result.gz.push(file);
    }
  }
  return result;
}

/**
 * Precompresses the output folder after everything else has written to it. vite-plugin-pwa writes sw.js and
 * workbox-*.js in its own closeBundle, so a plugin working on Rollup's bundle (generateBundle/writeBundle)
 * would miss them: this one is `enforce: 'post'`, listed after VitePWA, its closeBundle sequential and 'post'.
 * The .br/.gz files do not match the service worker's globPatterns, so the precache lists each file once.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'doorstep:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const { br } = await precompressDir(outDir);
        this.info(`precompressed ${br.length} files (.br and .gz) in ${outDir}`);
      },
    },
  };
}
