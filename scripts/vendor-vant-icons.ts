/**
 * Vant embeds its icon font as a data: URL, which the server's CSP (font-src 'self') refuses. This copies
 * the very same font out of the installed Vant into public/fonts so the app serves it from its own origin:
 *   npx tsx scripts/extract-vant-icon-font.ts
 * Rerun after upgrading Vant; src/app/styles/app.css points Vant at the copy.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const css = readFileSync(require.resolve('vant/lib/index.css'), 'utf8');
const match = /font-family:vant-icon;[^}]*?url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)/.exec(css);
if (!match?.[1]) throw new Error('No embedded woff2 icon font found in vant/lib/index.css');

const outDir = join(import.meta.dirname, '..', 'public', 'fonts');
mkdirSync(outDir, { recursive: true });
const font = Buffer.from(match[1], 'base64');
writeFileSync(join(outDir, 'vant-icon.woff2'), font);
process.stdout.write(`wrote public/fonts/vant-icon.woff2 (${font.length} bytes)\n`);
