import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import MonthPicker from '../../src/app/components/MonthPicker.vue';
import { createAppI18n, type AppLocale } from '../../src/app/i18n';

/** The shared month picker: a month is chosen with buttons, never typed; the value is 'YYYY-MM'. */

const mounted: VueWrapper[] = [];
afterEach(() => {
  while (mounted.length > 0) mounted.pop()!.unmount();
  document.body.innerHTML = '';
});

function mountPicker(props: { modelValue: string; min?: string; max?: string; layout?: 'cell' | 'inline' }, locale: AppLocale = 'zh-CN') {
  const value = ref(props.modelValue);
  const chosen: string[] = [];
  const Host = defineComponent({
    setup: () => () =>
      h(MonthPicker, {
        ...props,
        modelValue: value.value,
        label: '起始月份',
        testid: 'from',
        'onUpdate:modelValue': (month: string) => {
          chosen.push(month);
          value.value = month;
        },
      }),
  });
  const wrapper = mount(Host, { global: { plugins: [createAppI18n(locale)] }, attachTo: document.body });
  mounted.push(wrapper);
  return { wrapper, value, chosen };
}

const trigger = () => document.querySelector<HTMLButtonElement>('[data-testid="from"]')!;
const options = () => [...document.querySelectorAll<HTMLButtonElement>('[data-testid="from-option"]')];
const option = (month: string) => document.querySelector<HTMLButtonElement>(`[data-testid="from-option"][data-month="${month}"]`)!;
const sheetShown = () => {
  const sheet = document.querySelector<HTMLElement>('[data-testid="from-sheet"]');
  return sheet !== null && sheet.style.display !== 'none';
};

async function openSheet(): Promise<void> {
  trigger().click();
  await flushPromises();
  expect(sheetShown()).toBe(true);
}

describe('MonthPicker', () => {
  it('shows the month in words on a button named by its label and the month — no text to type', async () => {
    const { wrapper } = mountPicker({ modelValue: '2026-03' });
    await flushPromises();
    expect(trigger().tagName).toBe('BUTTON');
    expect(trigger().textContent).toContain('起始月份');
    expect(trigger().textContent).toContain('2026年3月');
    expect(trigger().getAttribute('aria-haspopup')).toBe('dialog');
    expect(trigger().getAttribute('aria-expanded')).toBe('false');
    expect(wrapper.find('input').exists()).toBe(false);
  });

  it('opens on the chosen month’s year, the chosen month pressed; one tap on another month chooses it and closes', async () => {
    const { chosen } = mountPicker({ modelValue: '2026-03' });
    await openSheet();
    expect(trigger().getAttribute('aria-expanded')).toBe('true');
    expect(document.querySelector('[data-testid="from-year"]')!.textContent).toBe('2026年');
    expect(options().map((o) => o.textContent!.trim())).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1}月`));
    expect(options().every((o) => o.tagName === 'BUTTON')).toBe(true);
    expect(options().filter((o) => o.getAttribute('aria-pressed') === 'true').map((o) => o.dataset.month)).toEqual(['2026-03']);
    // The sheet is a dialog named by its title.
    const dialog = document.querySelector('[data-testid="from-sheet"]')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('选择起始月份');

    option('2026-05').click();
    await flushPromises();
    expect(chosen).toEqual(['2026-05']);
    expect(sheetShown()).toBe(false);
    expect(trigger().textContent).toContain('2026年5月');
    expect(trigger().dataset.month).toBe('2026-05');
    // Focus is back on the button that opened the sheet.
    expect(document.activeElement).toBe(trigger());
  });

  it('goes to another year with the arrows, and keeps months outside min…max out of reach', async () => {
    const { chosen } = mountPicker({ modelValue: '2026-02', min: '2025-11', max: '2026-04' });
    await openSheet();
    const prev = document.querySelector<HTMLButtonElement>('[data-testid="from-year-prev"]')!;
    const next = document.querySelector<HTMLButtonElement>('[data-testid="from-year-next"]')!;
    expect(next.disabled).toBe(true);
    expect(options().filter((o) => !o.disabled).map((o) => o.dataset.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    option('2026-07').click();
    await flushPromises();
    expect(chosen).toEqual([]);

    prev.click();
    await flushPromises();
    expect(document.querySelector('[data-testid="from-year"]')!.textContent).toBe('2025年');
    expect(prev.disabled).toBe(true);
    expect(options().filter((o) => !o.disabled).map((o) => o.dataset.month)).toEqual(['2025-11', '2025-12']);
    option('2025-12').click();
    await flushPromises();
    expect(chosen).toEqual(['2025-12']);
  });

  it('says when nothing is chosen yet and opens on the latest year allowed', async () => {
    mountPicker({ modelValue: '', max: '2024-06' });
    expect(trigger().textContent).toContain('未选择');
    await openSheet();
    expect(document.querySelector('[data-testid="from-year"]')!.textContent).toBe('2024年');
    expect(options().filter((o) => o.getAttribute('aria-pressed') === 'true')).toEqual([]);
  });

  it('lets a month that may stay open be cleared, and offers no 清除 where a month is required', async () => {
    const { chosen } = mountPicker({ modelValue: '2026-03' });
    await openSheet();
    expect(document.querySelector('[data-testid="from-clear"]')).toBeNull();
    document.querySelector<HTMLButtonElement>('[data-testid="from-sheet"] [data-testid="sheet-close"]')!.click();
    await flushPromises();
    expect(chosen).toEqual([]);
  });

  it('clears a month marked clearable back to none', async () => {
    const value = ref('2026-03');
    const wrapper = mount(
      defineComponent({
        setup: () => () =>
          h(MonthPicker, { modelValue: value.value, label: '截止月份', clearable: true, testid: 'from', 'onUpdate:modelValue': (m: string) => (value.value = m) }),
      }),
      { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body },
    );
    mounted.push(wrapper);
    await openSheet();
    document.querySelector<HTMLButtonElement>('[data-testid="from-clear"]')!.click();
    await flushPromises();
    expect(value.value).toBe('');
    expect(sheetShown()).toBe(false);
    expect(trigger().textContent).toContain('未选择');
  });

  it('writes months in English as English does', async () => {
    mountPicker({ modelValue: '2026-03' }, 'en');
    expect(trigger().textContent).toContain('March 2026');
    await openSheet();
    expect(options()[0]!.textContent!.trim()).toBe('Jan');
  });
});
