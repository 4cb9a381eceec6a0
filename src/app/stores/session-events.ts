import { defineStore } from 'pinia';

/**
 * Why a user's session on this device ends: they logged out, or someone else logged in. Either way nothing of
 * theirs may stay in memory or keep running for the next person.
 */
export type SessionEnd = 'logout' | 'user_change';

type Hook = (reason: SessionEnd) => void | Promise<void>;

/**
 * How the end of a session reaches the other stores without the session store importing them (they import it):
 * a store registers what it must forget or stop when it is created, and the session store calls `end` before it
 * clears the device. A store never created has nothing to forget.
 */
export const useSessionEvents = defineStore('session-events', () => {
  const hooks = new Set<Hook>();

  function onSessionEnd(hook: Hook): () => void {
    hooks.add(hook);
    return () => hooks.delete(hook);
  }

  /** Runs every hook, in the order they registered, each finished before the next. */
  async function end(reason: SessionEnd): Promise<void> {
    for (const hook of [...hooks]) await hook(reason);
  }

  return { onSessionEnd, end };
});
