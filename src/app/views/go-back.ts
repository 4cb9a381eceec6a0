import type { RouteLocationRaw, Router } from 'vue-router';

/**
 * The nav bar's back arrow: back through the app's own history when there is some, otherwise to the screen
 * this one belongs under — a page opened from a bookmark or reloaded offline must not leave the app.
 */
export function goBack(router: Router, fallback: RouteLocationRaw): void {
  if (window.history.state?.back) router.back();
  else void router.replace(fallback);
}
