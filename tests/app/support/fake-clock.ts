import type { Clock } from '../../../src/app/sync/sync-engine';

/** A clock the test moves by hand: the engine's retries fire only when the test says time has passed. */
export class FakeClock implements Clock {
  private time = Date.parse('2026-03-02T02:00:00.000Z');
  private nextHandle = 1;
  private readonly timers = new Map<number, { due: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const handle = this.nextHandle++;
    this.timers.set(handle, { due: this.time + ms, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Due times of the timers still set. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.due - this.time);
  }

  advance(ms: number): void {
    this.time += ms;
    for (const [handle, timer] of [...this.timers]) {
      if (timer.due <= this.time) {
        this.timers.delete(handle);
        timer.callback();
      }
    }
  }
}
