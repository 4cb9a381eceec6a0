/**
 * Debian's Chromium and the flags it needs on these machines: the network is closed, so anything that
 * phones home (background networking, component updates, sync, QUIC) is switched off. Used by the
 * end-to-end tests, the benchmark and the icon renderer; no browser is ever downloaded.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
