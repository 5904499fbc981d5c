import { buildProgram } from '../src/cli';

test('the CLI is named deploy-hooks and offers check-repo, bundle, rehearse and kit', () => {
  const program = buildProgram();
  expect(program.name()).toBe('deploy-hooks');
  expect(program.commands.map((c) => c.name())).toEqual(['check-repo', 'bundle', 'rehearse', 'kit']);
});

test('bundle requires --app, --source and --out', () => {
  const bundle = buildProgram().commands.find((c) => c.name() === 'bundle')!;
  expect(bundle.options.filter((o) => o.mandatory).map((o) => o.long)).toEqual([
    '--app',
    '--source',
    '--out',
  ]);
});
