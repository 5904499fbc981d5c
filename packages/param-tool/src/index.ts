export * from './cli';
/**
 * CliError, isAwsError, describeAwsError, wrapAwsError and reportCliFailure: the one-line
 * explanation of AWS errors that param-tool and the app's `comptastar` command share.
 */
export * from './errors';
export * from './parameter-path';
export * from './env-file/parse';
export * from './env-file/infer';
export * from './env-file/validate';
export * from './env-file/format';
export * from './store/store';
export * from './store/ssm-store';
