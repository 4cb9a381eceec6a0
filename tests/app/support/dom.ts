import { flushPromises } from '@vue/test-utils';
import { expect, vi } from 'vitest';

export function byTestId(id: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`no element with data-testid=${id}`);
  return element;
}

/**
 * Vant keeps closed dialogs in the page (display: none) while the next one opens: answer the visible one.
 * Vant's dialog is one instance per module, so a test file should open dialogs in one test only: the page is
 * emptied between tests and the instance does not come back.
 */
function openDialog(): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('.van-dialog')].find((dialog) => dialog.style.display !== 'none');
}

export async function answerDialog(text: string, button: 'confirm' | 'cancel'): Promise<void> {
  await vi.waitFor(() => expect(openDialog()?.textContent ?? '').toContain(text));
  openDialog()!.querySelector<HTMLElement>(`.van-dialog__${button}`)!.click();
  await vi.waitFor(() => expect(openDialog()?.textContent ?? '').not.toContain(text));
  await flushPromises();
}
