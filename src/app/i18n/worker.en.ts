/** The worker's screens that issue 13 set right: the sync bar offline, a past visit read back, the health form's units. */
export const workerEn = {
  sync: {
    offlineNothing: 'Offline · nothing waiting',
    offlinePending: 'Offline · {count} waiting, sent when back online',
  },
  health: {
    bpUnit: 'mmHg',
  },
  visitDetail: {
    open: 'View',
    title: 'Visit details',
    occurredAt: 'Visit time',
    visitors: 'Visited by',
    otherVisitor: 'A colleague',
    recordedAt: 'Recorded',
    type: 'Visit type',
    amends: 'Corrects the visit of {date}',
    amendedLater: 'Corrected since: the latest correction stands',
    none: 'None',
    followUpLine: '{what} (owner: {owner}, due {deadline})',
    followUpDone: 'Done',
    followUpOpen: 'Open',
    itemLine: '{kind}: {description}',
    itemAmount: '¥{amount}',
    notFound: 'This visit is not on this device',
    close: 'Close',
  },
};
