export * from './moto/moto-server';
export * from './quality/cfn-lint';
export * from './quality/nag';
export * from './codedeploy/codedeploy-simulator';
