/** First retry within 2 s, doubling up to 5 min: a worker back in signal should not wait long, a dead server is not hammered. */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * "Full jitter": anywhere between 0 and the exponential ceiling, so a block of phones that lost signal
 * together do not all come back at the same second.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
