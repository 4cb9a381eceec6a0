import { useNow } from '@vueuse/core';
import { computed, ref } from 'vue';
import { addDays, recordedVisitTimeProblem, type VisitTimeProblem } from '../../domain';
import { fromShanghaiInput, toShanghaiInput, todayInShanghai } from '../format/dates';

/**
 * The time a visit happened, as the worker sets it on the form (docs/DOMAIN.md §4): now unless changed — a visit
 * written up that evening takes the hour it was made — never in the future, at most `backdateDays` back. The rule is
 * the domain's visitTimeProblem, the one the server applies to the record.
 *
 * Left untouched, the time is the moment the form is submitted, not the moment it was opened: a form filled for
 * twenty minutes on a landing still records when the worker saved it.
 */
export function useVisitTime(backdateDays: () => number, amends: () => string | null = () => null) {
  const now = useNow({ interval: 30_000 });
  /** What the worker chose, as the `datetime-local` input holds it (Beijing time); null = now. */
  const chosen = ref<string | null>(null);

  const shown = computed(() => chosen.value ?? toShanghaiInput(now.value.toISOString()));
  /** The input's bounds: the first minute of the earliest day allowed, and now. */
  // A correction keeps its original's time, however long ago: no lower bound then.
  const min = computed(() => (amends() === null ? `${addDays(todayInShanghai(now.value), -backdateDays())}T00:00` : undefined));
  const max = computed(() => toShanghaiInput(now.value.toISOString()));

  function set(local: string): void {
    chosen.value = local === '' ? null : local;
  }

  /** occurredAt for a record saved at `recordedAt`, or the problem that keeps it from being saved. */
  function resolve(recordedAt: string): { occurredAt: string; problem: null } | { occurredAt: null; problem: VisitTimeProblem | 'unreadable' } {
    if (chosen.value === null) return { occurredAt: recordedAt, problem: null };
    const occurredAt = fromShanghaiInput(chosen.value);
    if (occurredAt === null) return { occurredAt: null, problem: 'unreadable' };
    const problem = recordedVisitTimeProblem({ occurredAt, recordedAt, amends: amends() }, { visitBackdateDays: backdateDays() });
    return problem === null ? { occurredAt, problem } : { occurredAt: null, problem };
  }

  /** The problem with the time as chosen, shown while the worker edits it. */
  const problem = computed(() => (chosen.value === null ? null : resolve(now.value.toISOString()).problem));

  /** Back from a draft or a refused record: an instant becomes the input's value again. */
  function restore(occurredAt: string | null): void {
    chosen.value = occurredAt === null ? null : toShanghaiInput(occurredAt);
  }

  return { chosen, shown, min, max, problem, set, resolve, restore };
}
