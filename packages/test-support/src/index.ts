export * from './moto/moto-server';
export * from './moto/fleet-prerequisites';
export * from './moto/moto-fleet-services';
export * from './example/cached-folder';
export * from './example/example-build';
export * from './quality/cfn-lint';
export * from './quality/nag';
export * from './quality/template-validation';
export * from './codedeploy/codedeploy-simulator';
export * from './codedeploy/simulated-deployment';
export type {
  CodeDeploySimulatorOptions,
  DeploymentEvent,
  SimulatedDeploymentStatus,
  StartDeploymentOptions,
} from './codedeploy/types';
export { GREEN_LIFECYCLE_EVENTS } from './codedeploy/instance-targets';
export type { LifecycleFailure } from './codedeploy/instance-targets';
