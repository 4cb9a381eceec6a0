/** Names read by screen readers for landmarks, and the shared month picker (issue 13: touch, reading, axe). */
export const accessZhCN = {
  sections: '栏目',
  month: {
    choose: '选择{label}',
    value: '{year}年{month}月',
    none: '未选择',
    confirm: '确定',
    cancel: '取消',
  },
};
