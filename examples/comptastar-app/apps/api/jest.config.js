// Unit tests (src/**/*.spec.ts) and e2e tests (test/**/*.e2e-spec.ts) in one run.
// The @nestjs/* 12 packages are ESM-only and so is this app ("type": "module").
// Jest can load ESM only in its native ESM mode, which needs Node's
// --experimental-vm-modules flag (see the "test" script), with ts-jest emitting ESM.
/** @type {import('jest').Config} */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(src/.*\\.spec|test/.*\\.e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  // Source imports carry .js extensions (NodeNext); map them back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }],
  },
};
