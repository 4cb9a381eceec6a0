import { z } from 'zod/v4';

/**
 * The app runs under the server's CSP (`script-src 'self'`, no 'unsafe-eval'), where zod cannot compile its
 * object parsers with `new Function`. Said up front, zod does not even try: under a strict CSP its caught probe
 * would still be reported as a `securitypolicyviolation`. zod reads this setting when a schema is built, so it must
 * be made before any schema of the domain: the app's build resolves every `import … from 'zod'` to this module
 * (vite.config.ts, zodJitless), which sets it and passes zod on — whichever chunk builds the first schema, and
 * whenever it loads (zod is not in the first screen's script). Bench pages that time the app's own code import it
 * first, so that they time the validator users get.
 */
z.config({ jitless: true });

export * from 'zod/v4';
