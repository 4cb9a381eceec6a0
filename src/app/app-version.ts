/**
 * The app's version (package.json's), put in by Vite's `define` at build time. Each pull reports it, so the
 * administrator can tell a device that runs an old app (issue 12). 'dev' where no build put it in.
 */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
