import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { useMotoSsm } from '../support/moto-ssm';
import { appRepo, runTool } from '../support/run';
import { countCalls } from '../support/sdk';

const aws = useMotoSsm();

async function put(name: string, value: string, type: 'String' | 'SecureString' = 'String') {
  await aws.ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: type }));
}

/** Runs `param-tool check ...`, recording every SSM command the run sends. */
async function check(args: string[], files: Record<string, string>) {
  let calls = new Map<string, number>();
  const result = await runTool(['check', ...args], {
    cwd: appRepo(files),
    endpoint: aws.moto.endpoint,
    onStore: (s) => (calls = countCalls(s.client)),
  });
  return { ...result, commands: () => [...calls.keys()].sort() };
}

const API = 'PORT=3001\nDATABASE_URL=postgres://localhost/db\nJWT_SECRET=\n';

describe('param-tool check', () => {
  test('all present: exit 0; names only, never a call that returns values', async () => {
    await put('/dev/api/PORT', '3001');
    await put('/dev/api/DATABASE_URL', 'postgres://prod', 'SecureString');
    await put('/dev/api/JWT_SECRET', 's3cret-value', 'SecureString');
    await put('/dev/api/nested/OTHER', 'x'); // deeper levels are not the app's
    const r = await check(['--env', 'dev', '--app', 'api'], { api: API });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('api: all 3 parameter(s) exist under /dev/api/');
    expect(r.stdout).not.toMatch(/s3cret-value|postgres:\/\/prod/);
    // DescribeParameters is the only SSM call: no GetParameter, GetParameters or GetParametersByPath.
    expect(r.commands()).toEqual(['DescribeParametersCommand']);
  });

  test('one missing: exit 1 with the full name and the command that creates it', async () => {
    await put('/dev/api/PORT', '3001');
    await put('/dev/api/DATABASE_URL', 'postgres://prod', 'SecureString');
    await put('/dev/web/JWT_SECRET', 'not-the-api-one', 'SecureString');
    const r = await check(['--env', 'dev', '--app', 'api'], { api: API });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('api: 1 of 3 missing under /dev/api/: JWT_SECRET');
    expect(r.stderr).toBe(
      'param-tool: missing in SSM: /dev/api/JWT_SECRET; create them with `param-tool -c --env dev --app api`\n',
    );
    expect(r.commands()).toEqual(['DescribeParametersCommand']);
  });

  test('more names than one page: every page is read', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `VAR_${String(i).padStart(2, '0')}`);
    for (const n of names) await put(`/staging/web/${n}`, 'x');
    const r = await check(['--env', 'staging'], { web: names.map((n) => `${n}=x`).join('\n') });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('web: all 60 parameter(s) exist under /staging/web/');
  });

  test('an empty .env.example: nothing to check, no AWS call, exit 0', async () => {
    const r = await check(['--env', 'dev', '--app', 'web'], { web: '# no variables yet\n' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('web: apps/web/.env.example lists no variable: nothing to check');
    expect(r.commands()).toEqual([]);
  });

  test('a bad name: exit 2 naming the line and the rule, before any AWS call', async () => {
    const r = await check(['--env', 'dev', '--app', 'api'], { api: 'PORT=1\nBAD-NAME=x\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'apps/api/.env.example: BAD-NAME (line 2) is not a valid variable name: use letters, digits and underscores, not starting with a digit',
    );
    expect(r.commands()).toEqual([]);
  });

  test('--json lists each app with its missing names', async () => {
    await put('/dev/web/NEXT_PUBLIC_API', 'x');
    const r = await check(['--env', 'dev', '--json'], { api: 'PORT=1\n', web: 'NEXT_PUBLIC_API=x\n' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      environment: 'dev',
      apps: [
        { app: 'api', file: 'apps/api/.env.example', path: '/dev/api/', names: ['PORT'], missing: ['PORT'] },
        {
          app: 'web',
          file: 'apps/web/.env.example',
          path: '/dev/web/',
          names: ['NEXT_PUBLIC_API'],
          missing: [],
        },
      ],
    });
  });
});
