import { parseEnvFile } from '../../src/env-file/parse';

const values = (source: string) =>
  Object.fromEntries(parseEnvFile(source).entries.map((e) => [e.key, e.value]));

describe('parseEnvFile', () => {
  test('reads what dotenv reads: comments, export prefix, quotes, multiline values', () => {
    const source = [
      '# a comment',
      'export NODE_ENV=production',
      'PLAIN=abc # trailing comment',
      'HASH=abc#def',
      "SINGLE='it is #1'",
      'DOUBLE="a\\nb"',
      'MULTI="first',
      'second"',
      "BACKTICK=`it's`",
      'EMPTY=',
      'SPACED = padded ',
      '',
    ].join('\n');
    expect(values(source)).toEqual({
      NODE_ENV: 'production',
      PLAIN: 'abc',
      HASH: 'abc',
      SINGLE: 'it is #1',
      DOUBLE: 'a\nb',
      MULTI: 'first\nsecond',
      BACKTICK: "it's",
      EMPTY: '',
      SPACED: 'padded',
    });
    expect(parseEnvFile(source).problems).toEqual([]);
  });

  test('gives the line of each key, after multiline values and CRLF line ends', () => {
    const { entries } = parseEnvFile('A="x\r\ny"\r\n\r\nB=2\r\n');
    expect(entries.map((e) => [e.key, e.line])).toEqual([
      ['A', 1],
      ['B', 4],
    ]);
  });

  test('reports a duplicate key with both lines', () => {
    const { problems } = parseEnvFile('PORT=3000\nHOST=x\nPORT=3001\n');
    expect(problems).toEqual([{ line: 3, key: 'PORT', message: 'PORT is defined twice: line 1 and line 3' }]);
  });

  test('reports lines dotenv would silently drop', () => {
    const { problems, entries } = parseEnvFile('GOOD=1\nMY VAR=2\njust words\n');
    expect(entries.map((e) => e.key)).toEqual(['GOOD']);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[0].message).toMatch(/line 2 is not a KEY=value line: "MY VAR=2"/);
  });
});
