import { closeDialog, closeNotify, closeToast } from 'vant';
import { afterAll } from 'vitest';

/**
 * Vant's fixed bars with a placeholder measure their height 100, 200 and 300 ms after mounting, on timers it
 * never clears; a toast closes itself after 2 s and its leave transition then asks for an animation frame. A
 * test file that ends sooner tears happy-dom's window down first, and the late callback then throws ("window
 * is not defined", "requestAnimationFrame is not defined") into the run. Closing what is still open and
 * letting those timers fire before the environment goes keeps the run clean without touching the library.
 */
afterAll(async () => {
  closeToast(true);
  closeNotify();
  closeDialog();
  await new Promise<void>((resolve) => setTimeout(resolve, 350));
});
