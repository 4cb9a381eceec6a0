export * from './visit-settings';
export * from './campaign';
export * from './member-event';
export * from './follow-up-closure';
export * from './plan-types';
