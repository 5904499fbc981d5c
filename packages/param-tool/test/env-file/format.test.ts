import * as dotenv from 'dotenv';
import * as fc from 'fast-check';
import {
  formatDotenv,
  formatJson,
  formatVariables,
  quoteDotenv,
  UnrepresentableValueError,
} from '../../src/env-file/format';

// Characters that matter to dotenv and shells, mixed with plain text and unicode.
const tricky = fc.constantFrom(
  ...'\'"`#=$\\ \t\n\r{}[]:;,!&|<>*?~-_./@%+()'.split(''),
  'é',
  '€',
  '😀',
  'ß',
  'export ',
  'A=',
);
const value = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join(''));

function roundTrip(variables: Record<string, string>): Record<string, string> {
  return dotenv.parse(formatDotenv(variables));
}

describe('dotenv writer', () => {
  test.each([
    ['plain', 'abc123', 'abc123'],
    ['hash (unquoted values stop at #)', 'abc#def', "'abc#def'"],
    ['spaces kept at the ends', '  padded  ', "'  padded  '"],
    ['a newline stays raw inside single quotes', 'line1\nline2', "'line1\nline2'"],
    ["a ' needs backticks", "it's", "`it's`"],
    ['a carriage return needs double quotes with \\r', 'a\r\nb', '"a\\r\\nb"'],
    ['both quote kinds and a newline', "it's `x`\nok", '"it\'s `x`\\nok"'],
    ['$ and backticks are literal for dotenv', 'pa$$word', "'pa$$word'"],
  ])('%s', (_name, input, expected) => {
    expect(quoteDotenv('K', input)).toBe(expected);
    expect(roundTrip({ K: input })).toEqual({ K: input });
  });

  test('refuses a value it cannot carry, naming the key and the formats that can', () => {
    const mixed = 'it\'s `x` and "y"';
    expect(() => quoteDotenv('MIXED', mixed)).toThrow(UnrepresentableValueError);
    expect(() => quoteDotenv('MIXED', mixed)).toThrow(
      /^MIXED cannot be written as dotenv: .*; use --format json or --format shell$/,
    );
    expect(JSON.parse(formatVariables('json', { MIXED: mixed }))).toEqual({ MIXED: mixed });
  });

  test('refuses a name that is not a variable name', () => {
    expect(() => formatDotenv({ 'my.key': 'x' })).toThrow(/my\.key cannot be written as dotenv/);
  });

  test('every value it writes reads back equal through dotenv, or is refused (property, 3000 runs)', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), value, { maxKeys: 6 }),
        (variables) => {
          try {
            expect(roundTrip(variables)).toEqual(variables);
          } catch (error) {
            if (!(error instanceof UnrepresentableValueError)) throw error;
            refused++;
            expect(error.message).toMatch(/use --format json or --format shell/);
          }
        },
      ),
      { numRuns: 3000, seed: 20261127 },
    );
    // The generator is biased towards hard cases; most of them must still be written.
    expect(refused).toBeLessThan(3000 / 2);
  });

  test('json round-trips everything', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), value), (variables) => {
        expect(JSON.parse(formatJson(variables))).toEqual(variables);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
