import { flushPromises } from '@vue/test-utils';

/**
 * Chooses a month in a MonthPicker as a person does: opens it by its button, steps to the month's year with the
 * arrows, taps the month. The sheet is teleported to <body>, hence the document rather than a wrapper.
 */
export async function chooseMonth(testId: string, month: string): Promise<void> {
  const button = document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
  if (!button) throw new Error(`no month picker ${testId}`);
  button.click();
  await flushPromises();
  const wanted = Number(month.slice(0, 4));
  for (let steps = 0; steps < 50; steps++) {
    const shown = document.querySelector(`[data-testid="${testId}-option"]`)?.getAttribute('data-month');
    if (!shown) throw new Error(`month picker ${testId} did not open`);
    const year = Number(shown.slice(0, 4));
    if (year === wanted) break;
    document.querySelector<HTMLButtonElement>(`[data-testid="${testId}-year-${year < wanted ? 'next' : 'prev'}"]`)!.click();
    await flushPromises();
  }
  const option = document.querySelector<HTMLButtonElement>(`[data-testid="${testId}-option"][data-month="${month}"]`);
  if (!option || option.disabled) throw new Error(`month picker ${testId} offers no ${month}`);
  option.click();
  await flushPromises();
}
