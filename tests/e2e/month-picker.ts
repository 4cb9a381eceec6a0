import type { Page } from 'playwright-core';

/**
 * Chooses a month in the app's MonthPicker as a person does: opens it by its button, steps to the month's year
 * with the arrows, taps the month (src/app/components/MonthPicker.vue).
 */
export async function chooseMonth(page: Page, testId: string, month: string): Promise<void> {
  await page.getByTestId(testId).click();
  const firstOption = page.getByTestId(`${testId}-option`).first();
  const wanted = Number(month.slice(0, 4));
  for (let steps = 0; steps < 50; steps++) {
    const year = Number((await firstOption.getAttribute('data-month'))!.slice(0, 4));
    if (year === wanted) break;
    await page.getByTestId(`${testId}-year-${year < wanted ? 'next' : 'prev'}`).click();
    await page.waitForFunction(
      ({ id, before }) => document.querySelector(`[data-testid="${id}-option"]`)?.getAttribute('data-month')?.slice(0, 4) !== String(before),
      { id: testId, before: year },
    );
  }
  await page.locator(`[data-testid="${testId}-option"][data-month="${month}"]`).click();
  await page.waitForFunction(({ id, m }) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-month') === m, { id: testId, m: month });
}
