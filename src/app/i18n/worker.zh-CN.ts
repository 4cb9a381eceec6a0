/** The worker's screens that issue 13 set right: the sync bar offline, a past visit read back, the health form's units. */
export const workerZhCN = {
  sync: {
    offlineNothing: '离线 · 无待同步',
    offlinePending: '离线 · {count} 条待发送，联网后自动发送',
  },
  health: {
    bpUnit: 'mmHg',
  },
  visitDetail: {
    open: '查看',
    title: '走访详情',
    occurredAt: '走访时间',
    visitors: '走访人',
    otherVisitor: '其他工作人员',
    recordedAt: '记录时间',
    type: '走访类型',
    amends: '这是对 {date} 走访的更正',
    amendedLater: '此记录已被更正，以最新更正为准',
    none: '无',
    followUpLine: '{what}（负责人：{owner}，期限：{deadline}）',
    followUpDone: '已完成',
    followUpOpen: '待办',
    itemLine: '{kind}：{description}',
    itemAmount: '{amount} 元',
    notFound: '本机上没有这条走访记录',
    close: '关闭',
  },
};
