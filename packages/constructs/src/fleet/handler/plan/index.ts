/**
 * The fleet's planner: pure functions from the desired and observed states to the actions that
 * converge them (no AWS calls here; `../observe.ts` reads, `../execute.ts` acts).
 */
export * from './actions';
export * from './observed-state';
export { deploymentGroupConfig, desiredCountChange, desiredTags } from './desired-settings';
export { healthyCount, isFirstGroup, selectLiveGroup } from './live-group';
export { planDelete } from './plan-delete';
export { planReconcile } from './plan-reconcile';
