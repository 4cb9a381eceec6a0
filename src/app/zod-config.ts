import { z } from 'zod';

/**
 * The app runs under the server's CSP (`script-src 'self'`, no 'unsafe-eval'), where zod cannot compile its
 * object parsers with `new Function`. Said up front, zod does not even try: under a strict CSP its caught probe
 * would still be reported as a `securitypolicyviolation`. zod reads this setting when a schema is built, so this
 * module must be evaluated before any schema of the domain: it is the first import of the app entry (main.ts),
 * and of every bench page that times the app's own code, so that they time the validator users get.
 */
z.config({ jitless: true });
