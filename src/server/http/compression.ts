import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';

/**
 * Low levels: little CPU per answer when hundreds of phones sync at once, yet most of the gain on JSON, whose
 * keys repeat record after record (npm run bench prints the bytes per record of a first pull each way).
 */
export const COMPRESSION = {
  brotliQuality: 4,
  gzipLevel: 4,
  /** Smaller answers (most pushes, errors) fit in a packet or two as they are: compressing would not pay. */
  thresholdBytes: 1024,
} as const;

/**
 * API answers go out brotli or gzip when the request accepts it (weak signals in stairwells and basements).
 * Built files never reach this: @fastify/static sends their precompressed variants with Content-Encoding set,
 * which the plugin leaves alone. Binary answers (.xlsx reports are zip files already) are not in its list of
 * compressible types. Requests are not inflated: a compressed body would slip past the body limit's meaning.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    // zstd is left out: what it would cost per answer is not measured here, and browsers all offer br.
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION.thresholdBytes,
    brotliOptions: {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    },
    zlibOptions: { level: COMPRESSION.gzipLevel },
    globalDecompression: false,
  });
}
