import base from '../../jest.config.base.mjs';

/** @type {import('jest').Config} */
export default { ...base, testRegex: 'src/.*\\.spec\\.ts$' };
