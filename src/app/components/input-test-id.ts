import type { Directive } from 'vue';

/**
 * Vant's field and search put attributes on their wrapper, but browser tests must type into the <input> itself:
 * this directive puts the test id on the inner input instead.
 */
export const vInputTestId: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    el.querySelector('input')?.setAttribute('data-testid', binding.value);
  },
  updated(el, binding) {
    el.querySelector('input')?.setAttribute('data-testid', binding.value);
  },
};
