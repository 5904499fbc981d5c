// Jest for the workspace's TypeScript ES module packages (apps/api, packages/*), each of which
// spreads this into its own jest.config.js. They are ESM ("type": "module") because the
// @nestjs/* 12 packages are ESM-only; Jest loads ESM only in its native ESM mode, which needs
// Node's --experimental-vm-modules flag (see their "test" scripts), with ts-jest emitting ESM.
/** @type {import('jest').Config} */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  // Source imports carry .js extensions (NodeNext); map them back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }],
  },
};
