import { afterAll } from 'vitest';

/**
 * Vant's fixed bars with a placeholder measure their height 100, 200 and 300 ms after mounting, on timers it
 * never clears. A test file that ends sooner tears happy-dom's window down first, and the late timer then
 * throws "window is not defined" into the run. Letting those timers fire before the environment goes keeps
 * the run clean without touching the library.
 */
afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, 350)));
