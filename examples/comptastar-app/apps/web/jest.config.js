// Unit tests of the route handlers (test/**/*.test.ts). They run the handlers
// directly (they only use the Web Fetch API), without building Next.js.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      {
        tsconfig: { rootDir: '.', module: 'nodenext', moduleResolution: 'nodenext', jsx: 'react-jsx', isolatedModules: true },
      },
    ],
  },
};
