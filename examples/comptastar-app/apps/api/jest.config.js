import base from '../../jest.config.base.mjs';

// Unit tests (src/**/*.spec.ts) and e2e tests (test/**/*.e2e-spec.ts) in one run.
/** @type {import('jest').Config} */
export default { ...base, testRegex: '(src/.*\\.spec|test/.*\\.e2e-spec)\\.ts$' };
