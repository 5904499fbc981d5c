import { validateEntry, validateParameterName } from '../../src/env-file/validate';
import { validateScopeName } from '../../src/parameter-path';

const entry = (key: string, value: string, line = 1) => ({ key, value, line });
const scope = { environment: 'dev', app: 'api', requireValues: true };

describe('validateEntry', () => {
  test('accepts a normal variable', () => {
    expect(validateEntry(entry('DATABASE_URL', 'postgres://x'), scope)).toEqual([]);
  });

  test('rejects names that are not variable names, with the line', () => {
    expect(validateEntry(entry('1ST', 'x', 4), scope)[0]).toBe(
      '1ST (line 4) is not a valid variable name: use letters, digits and underscores, not starting with a digit',
    );
    expect(validateEntry(entry('MY-VAR', 'x'), scope)).toHaveLength(1);
  });

  test('rejects an empty value only when values are required (-cf)', () => {
    expect(validateEntry(entry('TOKEN', '', 7), scope)).toEqual([
      'TOKEN (line 7) has an empty value: SSM rejects empty values; give one in the file or use -c',
    ]);
    expect(validateEntry(entry('TOKEN', ''), { ...scope, requireValues: false })).toEqual([]);
  });

  test('counts the size in bytes, not characters (4096 allowed)', () => {
    expect(validateEntry(entry('A', 'x'.repeat(4096)), scope)).toEqual([]);
    expect(validateEntry(entry('A', 'é'.repeat(2049)), scope)).toEqual([
      'A is 4098 bytes; SSM Standard parameters hold at most 4096 bytes',
    ]);
  });
});

describe('validateParameterName (the rules moto does not enforce)', () => {
  test('characters', () => {
    expect(validateParameterName('/dev/api/A B')).toEqual([
      'parameter name /dev/api/A B may only contain a-z, A-Z, 0-9, _ . - and /',
    ]);
  });
  test('aws and ssm prefixes, any case', () => {
    expect(validateParameterName('/AWSome/api/A')[0]).toMatch(/must not start with "aws" or "ssm"/);
    expect(validateParameterName('/ssm/api/A')[0]).toMatch(/must not start with "aws" or "ssm"/);
  });
  test('depth at most 15', () => {
    expect(validateParameterName(`/${Array(15).fill('a').join('/')}`)).toEqual([]);
    expect(validateParameterName(`/${Array(16).fill('a').join('/')}`)).toEqual([
      `parameter name /${Array(16).fill('a').join('/')} has 16 levels; SSM allows at most 15`,
    ]);
  });
  test('length at most 1011', () => {
    expect(validateParameterName(`/dev/api/${'A'.repeat(1011)}`)[0]).toMatch(
      /is 1020 characters; SSM allows at most 1011/,
    );
  });
});

describe('validateScopeName (same rule as packages/constructs validateName)', () => {
  test.each([
    ['dev', []],
    ['prod-eu-1', []],
    [
      'Dev',
      [
        'environment "Dev" is invalid: use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
      ],
    ],
    ['awsdev', ['environment "awsdev" must not start with "aws" (reserved by AWS Systems Manager)']],
    [
      'dev-',
      [
        'environment "dev-" is invalid: use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
      ],
    ],
  ])('%s', (value, problems) => {
    expect(validateScopeName('environment', value)).toEqual(problems);
  });
});
