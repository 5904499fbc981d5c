import { buildProgram } from '../src/cli';

test('--help documents the three seed modes and pull', () => {
  const help = buildProgram().helpInformation();
  expect(help).toMatch(/param-tool\s+dry run/);
  expect(help).toMatch(/param-tool -c\s+interactive creation/);
  expect(help).toMatch(/param-tool -cf\s+direct creation/);
  expect(help).toMatch(/param-tool pull/);
});

test('-cf parses as create + from-file', () => {
  const program = buildProgram().exitOverride();
  program.parse(['node', 'param-tool', '-cf', '--env', 'staging']);
  expect(program.opts()).toMatchObject({ create: true, fromFile: true, env: 'staging' });
});
