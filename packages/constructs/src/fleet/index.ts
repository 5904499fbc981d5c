// The public surface of the fleet: `fleet.ts` exports only the construct and its props. The
// handler, its desired-state shape, the planner and the construct's helpers stay internal.
export * from './fleet';
