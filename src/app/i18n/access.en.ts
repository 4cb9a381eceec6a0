import type { accessZhCN } from './access.zh-CN';

/** English texts of landmarks' names and the month picker; the keys must match access.zh-CN.ts. */
export const accessEn: typeof accessZhCN = {
  sections: 'Sections',
  month: {
    label: 'Month',
    choose: 'Choose {label}',
    none: 'Not chosen',
    clear: 'Clear (leave open)',
    previousYear: 'Previous year',
    nextYear: 'Next year',
  },
};
