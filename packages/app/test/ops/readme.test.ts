import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/ops/cli';

/** The root README shows `npx comptastar --help` and each subcommand's help: they must stay true. */
test('the README shows the current help of comptastar and of each subcommand', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const program = buildProgram();
  program.configureOutput({ getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 });
  expect(readme).toContain(`$ npx comptastar --help\n${program.helpInformation()}`);
  for (const command of program.commands) {
    command.configureOutput({ getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 });
    expect(readme).toContain(`$ npx comptastar ${command.name()} --help\n${command.helpInformation()}`);
  }
});
