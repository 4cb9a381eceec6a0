/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';
import packageJson from './package.json' with { type: 'json' };
import { precompress } from './scripts/precompress';
import { precompiledMessages } from './scripts/precompiled-messages';

/** The app's zod: every `zod` import of the build, the domain's included, gets zod as src/app/zod-config.ts sets it. */
const ZOD_CONFIG = resolve('src/app/zod-config.ts');
function zodJitless(): Plugin {
  return {
    name: 'doorstep:zod-jitless',
    apply: 'build',
    enforce: 'pre',
    // zod-config.ts itself imports 'zod/v4', which this leaves alone.
    resolveId: (id) => (id === 'zod' ? ZOD_CONFIG : null),
  };
}

export default defineConfig({
  root: '.',
  // The version each pull reports (src/app/app-version.ts).
  define: {
    __APP_VERSION__: JSON.stringify(packageJson.version),
    // vue-i18n's feature flags: the composition API only (legacy: false), no devtools hook in production.
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // src/domain is pure (docs/ARCHITECTURE.md): a domain module whose exports nothing uses may be left out, even
      // though the barrel (src/domain/index.ts) re-exports it and its zod schemas look like side effects.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]src[\\/]domain[\\/]/.test(id) },
      output: {
        codeSplitting: {
          // zod with the app's setting (zod-config.ts, through which every `zod` import goes: zodJitless below) in
          // one chunk, loaded after the first screen by whichever chunk first builds a schema.
          groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]app[\\/]zod-config\.ts$/ }],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  plugins: [
    zodJitless(),
    // Messages compiled at build time; vue-i18n's message compiler left out of the bundle (issue 13).
    precompiledMessages(),
    vue(),
    VitePWA({
      // 'prompt': a worker mid-visit must never have the page reload under them; the banner asks first.
      registerType: 'prompt',
      injectRegister: false,
      // public/ (favicon, icons, the Vant icon font) is already matched by globPatterns below; adding it
      // through includeAssets or the manifest icons would list those files twice in the precache manifest.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: '银龄上门',
        short_name: '银龄上门',
        description: '离退休干部上门服务与支部台账',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The plugin adds manifest.webmanifest itself.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        // API answers are data, kept in IndexedDB by the app — never served from the HTTP cache.
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The lazily loaded exceljs chunk (≈ 0.9 MB) of the secretary's xlsx export must stay under this limit, or
        // exporting would need the network: check dist/sw.js after upgrading exceljs.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
    // After VitePWA: .br and .gz of every built text file, sw.js included (src/server/http/static-files.ts).
    precompress(),
  ],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'domain', environment: 'node', include: ['tests/domain/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.test.ts'],
          globalSetup: ['tests/setup/postgres-cluster.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'app',
          environment: 'happy-dom',
          include: ['tests/app/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto', 'tests/app/support/unlocked-vault.ts', 'tests/app/support/settle-vant-timers.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'fault',
          environment: 'node',
          include: ['tests/fault/**/*.test.ts'],
          globalSetup: ['tests/setup/postgres-cluster.ts'],
          testTimeout: 600_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/build-app.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
