import type { OverlayProps } from 'vant';
import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The shade behind a sheet closes it when tapped, so Vant makes it a button (role="button", tabindex 0), and a
 * button needs a name: 关闭. Vant's Overlay puts the attributes it does not declare on its element, hence the cast.
 */
export function useSheetOverlay(): ComputedRef<Partial<OverlayProps>> {
  const { t } = useI18n();
  return computed(() => ({ 'aria-label': t('common.close') }) as Partial<OverlayProps>);
}
