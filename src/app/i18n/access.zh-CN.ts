/** Names read by screen readers for landmarks, and the shared month picker (issue 13: touch, reading, axe). */
export const accessZhCN = {
  sections: '栏目',
  month: {
    label: '月份',
    choose: '选择{label}',
    none: '未选择',
    clear: '清除（不填）',
    previousYear: '上一年',
    nextYear: '下一年',
  },
};
