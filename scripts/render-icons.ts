/**
 * Draws the app emblem once and renders every icon the PWA needs from it, with Debian's Chromium:
 *   npx tsx scripts/render-icons.ts
 * Writes public/favicon.svg and public/icons/*.png; the outputs are committed, the build does not run this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium';

const RED = '#b71c1c';
const WHITE = '#ffffff';

/** A house with a heart for a door, drawn on a 512 × 512 canvas centred at (256, 264). */
const MOTIF = `
  <path d="M256 112 L420 252 L372 252 L372 400 Q372 416 356 416 L156 416 Q140 416 140 400 L140 252 L92 252 Z"
        fill="${WHITE}" stroke="${WHITE}" stroke-width="24" stroke-linejoin="round"/>
  <path d="M256 380 C256 380 190 340 190 296 C190 271 208 256 228 256 C241 256 251 263 256 274
           C261 263 271 256 284 256 C304 256 322 271 322 296 C322 340 256 380 256 380 Z" fill="${RED}"/>`;

function svg(options: { rounded: boolean; scale: number }): string {
  const background = options.rounded
    ? `<rect width="512" height="512" rx="112" fill="${RED}"/>`
    : `<rect width="512" height="512" fill="${RED}"/>`;
  const motif = `<g transform="translate(256 256) scale(${options.scale}) translate(-256 -264)">${MOTIF}</g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${background}${motif}</svg>\n`;
}

/** Android crops maskable icons to any shape inside the central 80 % circle: the motif stays well inside it. */
const TARGETS = [
  { file: 'icons/icon-192.png', size: 192, svg: svg({ rounded: true, scale: 1 }) },
  { file: 'icons/icon-512.png', size: 512, svg: svg({ rounded: true, scale: 1 }) },
  { file: 'icons/maskable-512.png', size: 512, svg: svg({ rounded: false, scale: 0.72 }) },
  // iOS rounds the corners itself and shows transparency as black, so the background bleeds to the edge.
  { file: 'icons/apple-touch-icon-180.png', size: 180, svg: svg({ rounded: false, scale: 0.86 }) },
];

const publicDir = join(import.meta.dirname, '..', 'public');
mkdirSync(join(publicDir, 'icons'), { recursive: true });
writeFileSync(join(publicDir, 'favicon.svg'), svg({ rounded: true, scale: 1 }));

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const target of TARGETS) {
    await page.setViewportSize({ width: target.size, height: target.size });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">
         <div style="width:${target.size}px;height:${target.size}px">${target.svg.replace('<svg ', `<svg width="${target.size}" height="${target.size}" `)}</div>
       </body></html>`,
    );
    await page.screenshot({ path: join(publicDir, target.file), omitBackground: true, clip: { x: 0, y: 0, width: target.size, height: target.size } });
    process.stdout.write(`wrote public/${target.file}\n`);
  }
} finally {
  await browser.close();
}
