import { buildProgram } from '../src/cli';

test('the CLI is named deploy-hooks and describes itself', () => {
  const help = buildProgram().helpInformation();
  expect(help).toContain('Usage: deploy-hooks');
  expect(help).toContain('Builds CodeDeploy revisions');
});
