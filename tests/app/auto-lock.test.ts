import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { useAutoLock, useLockMinutes } from '../../src/app/composables/useAutoLock';
import { useSessionStore } from '../../src/app/stores/session-store';
import { dataKey } from '../../src/app/vault/data-key';
import { resetDevice } from './support/app-harness';
import { seedSession } from './support/seed';

beforeEach(async () => {
  await resetDevice();
  await seedSession();
  setActivePinia(createPinia());
  await useSessionStore().restore();
});
afterEach(() => vi.useRealTimers());

function mountLock(reload: () => void) {
  return mount(defineComponent({ setup: () => (useAutoLock(reload), () => h('div')) }));
}

describe('the automatic lock (issue 14 §2)', () => {
  it('drops the key and reloads after the chosen idle minutes, not before; a touch starts the count again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    useLockMinutes().value = 2;
    const reload = vi.fn();
    const wrapper = mountLock(reload);
    await vi.advanceTimersByTimeAsync(90_000);
    window.dispatchEvent(new Event('mousemove'));
    await vi.advanceTimersByTimeAsync(90_000);
    expect(reload).not.toHaveBeenCalled();
    expect(dataKey()).not.toBeNull();
    await vi.advanceTimersByTimeAsync(40_000);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(dataKey()).toBeNull();
    wrapper.unmount();
  });
});
