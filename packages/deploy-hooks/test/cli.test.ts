import { buildProgram } from '../src/cli';

const mandatory = (command: string) =>
  buildProgram()
    .commands.find((c) => c.name() === command)!
    .options.filter((o) => o.mandatory)
    .map((o) => o.long);

test('the CLI is named deploy-hooks and offers check-repo, bundle, rehearse and kit', () => {
  const program = buildProgram();
  expect(program.name()).toBe('deploy-hooks');
  expect(program.commands.map((c) => c.name())).toEqual(['check-repo', 'bundle', 'rehearse', 'kit']);
});

test('bundle requires --app, --source, --out and the instance --layout', () => {
  expect(mandatory('bundle')).toEqual(['--app', '--source', '--out', '--layout']);
});

test("rehearse requires the service's --health-path (the identity's HEALTH_CHECK_PATH)", () => {
  expect(mandatory('rehearse')).toEqual(['--health-path']);
});
