import {
  GetParametersByPathCommand,
  ListTagsForResourceCommand,
  paginateGetParametersByPath,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import * as dotenv from 'dotenv';
import { useMotoSsm } from '../support/moto-ssm';
import { KEY, scriptedTerminal } from '../support/prompts';
import { appRepo, runTool } from '../support/run';
import { countCalls, injectThrottling } from '../support/sdk';

const API_EXAMPLE = [
  '# API settings',
  'PORT=3001',
  'API_BASE_URL=https://api.example.com',
  'FEATURE_INVOICES=true',
  'SUPPORT_EMAIL=support@comptastar.example',
  'CORS_ORIGINS=["https://app.example.com"]',
  'DATABASE_URL=postgres://app:secret@localhost:5432/comptastar',
  'JWT_SECRET=change-me',
  'GREETING="Hello # not a comment"',
  '',
].join('\n');

const aws = useMotoSsm();

/** Every parameter under a path, straight from moto: name → { value, type }. */
async function stored(path: string): Promise<Record<string, { value: string; type: string }>> {
  const result: Record<string, { value: string; type: string }> = {};
  const pages = paginateGetParametersByPath(
    { client: aws.ssm },
    { Path: path, Recursive: true, WithDecryption: true },
  );
  for await (const page of pages) {
    for (const p of page.Parameters ?? []) result[p.Name!] = { value: p.Value!, type: p.Type! };
  }
  return result;
}

describe('dry run', () => {
  test('prints the table with secrets masked and writes nothing', async () => {
    const cwd = appRepo({ api: API_EXAMPLE });
    const calls = new Map<string, number>();
    const result = await runTool(['--env', 'staging'], {
      cwd,
      endpoint: aws.moto.endpoint,
      onStore: (s) => countCalls(s.client).forEach((v, k) => calls.set(k, v)),
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(
      'Environment: staging (--env) · Apps: api (every apps/<app>/.env.example)',
    );
    expect(result.stdout).toMatch(
      /DATABASE_URL\s+\/staging\/api\/DATABASE_URL\s+URL\s+SecureString\s+\*{8}\s+create/,
    );
    expect(result.stdout).toMatch(/PORT\s+\/staging\/api\/PORT\s+Port\s+String\s+3001\s+create/);
    expect(result.stdout).not.toContain('change-me');
    expect(result.stdout).not.toContain('secret@');
    expect(await stored('/')).toEqual({});
  });

  test('exits 2 and lists every invalid entry, with both lines of a duplicate', async () => {
    const cwd = appRepo({ api: 'PORT=1\nBAD-NAME=x\nPORT=2\n' });
    const result = await runTool(['--app', 'api'], { cwd, endpoint: aws.moto.endpoint });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('api: PORT is defined twice: line 1 and line 3');
    expect(result.stdout).toContain('api: BAD-NAME (line 2) is not a valid variable name');
    expect(result.stderr).toMatch(
      /^param-tool: 2 problem\(s\) found; fix the .env.example before creating\n$/,
    );
  });

  test('refuses an invalid environment name before calling SSM', async () => {
    const cwd = appRepo({ api: API_EXAMPLE });
    const result = await runTool(['--env', 'aws-dev'], { cwd, endpoint: aws.moto.endpoint });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'param-tool: environment "aws-dev" must not start with "aws" (reserved by AWS Systems Manager)\n',
    });
  });
});

describe('-cf', () => {
  test('creates exactly the expected names and types, tagged on create; a re-run changes nothing', async () => {
    const cwd = appRepo({ api: API_EXAMPLE, web: 'PORT=3000\nSESSION_SECRET=s\n' });
    const first = await runTool(['-cf', '--env', 'dev'], { cwd, endpoint: aws.moto.endpoint });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created 10, updated 0, unchanged 0, kept 0.');
    const expected = {
      '/dev/api/PORT': { value: '3001', type: 'String' },
      '/dev/api/API_BASE_URL': { value: 'https://api.example.com', type: 'String' },
      '/dev/api/FEATURE_INVOICES': { value: 'true', type: 'String' },
      '/dev/api/SUPPORT_EMAIL': { value: 'support@comptastar.example', type: 'String' },
      '/dev/api/CORS_ORIGINS': { value: '["https://app.example.com"]', type: 'String' },
      '/dev/api/DATABASE_URL': {
        value: 'postgres://app:secret@localhost:5432/comptastar',
        type: 'SecureString',
      },
      '/dev/api/JWT_SECRET': { value: 'change-me', type: 'SecureString' },
      '/dev/api/GREETING': { value: 'Hello # not a comment', type: 'String' },
      '/dev/web/PORT': { value: '3000', type: 'String' },
      '/dev/web/SESSION_SECRET': { value: 's', type: 'SecureString' },
    };
    expect(await stored('/dev/')).toEqual(expected);
    const tags = await aws.ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/dev/api/PORT' }),
    );
    expect(tags.TagList).toEqual(
      expect.arrayContaining([
        { Key: 'managed-by', Value: 'param-tool' },
        { Key: 'param-tool:type', Value: 'Port' },
      ]),
    );

    const puts = new Map<string, number>();
    const second = await runTool(['-cf', '--env', 'dev'], {
      cwd,
      endpoint: aws.moto.endpoint,
      onStore: (s) => {
        const counts = countCalls(s.client);
        puts.set('counts', 0);
        Object.assign(puts, { counts });
      },
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to write: 10 unchanged, 0 kept.');
    expect(
      (puts as unknown as { counts: Map<string, number> }).counts.get('PutParameterCommand'),
    ).toBeUndefined();
    expect(await stored('/dev/')).toEqual(expected);
  });

  test('keeps differing values without --overwrite; with --overwrite --yes updates only those', async () => {
    const cwd = appRepo({ api: API_EXAMPLE });
    expect((await runTool(['-cf', '--env', 'dev'], { cwd, endpoint: aws.moto.endpoint })).code).toBe(0);
    await aws.ssm.send(
      new PutParameterCommand({ Name: '/dev/api/PORT', Value: '9999', Type: 'String', Overwrite: true }),
    );
    await aws.ssm.send(
      new PutParameterCommand({
        Name: '/dev/api/JWT_SECRET',
        Value: 'rotated',
        Type: 'SecureString',
        Overwrite: true,
      }),
    );
    const before = await stored('/dev/api/');

    const kept = await runTool(['-cf', '--env', 'dev'], { cwd, endpoint: aws.moto.endpoint });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(
      'Kept as they are (values differ; --overwrite replaces them): /dev/api/PORT, /dev/api/JWT_SECRET',
    );
    expect(await stored('/dev/api/')).toEqual(before);

    const versions = async () =>
      Object.fromEntries(
        ((await aws.ssm.send(new GetParametersByPathCommand({ Path: '/dev/api/' }))).Parameters ?? []).map(
          (p) => [p.Name, p.Version],
        ),
      );
    const versionsBefore = { ...(await versions()) };
    const updated = await runTool(['-cf', '--env', 'dev', '--overwrite', '--yes'], {
      cwd,
      endpoint: aws.moto.endpoint,
    });
    expect(updated.stderr).toBe('');
    expect(updated.stdout).toContain('/dev/api/PORT: 9999 → 3001');
    expect(updated.stdout).toContain('/dev/api/JWT_SECRET: ******** → ******** (secret changed)');
    expect(updated.stdout).not.toContain('rotated');
    expect(updated.stdout).toContain('Created 0, updated 2, unchanged 6, kept 0.');
    const after = await stored('/dev/api/');
    expect(after['/dev/api/PORT'].value).toBe('3001');
    expect(after['/dev/api/JWT_SECRET'].value).toBe('change-me');
    // Only the two changed parameters got a new version.
    const versionsAfter = await versions();
    const bumped = Object.keys(versionsAfter).filter((k) => versionsAfter[k] !== versionsBefore[k]);
    expect(bumped.sort()).toEqual(['/dev/api/JWT_SECRET', '/dev/api/PORT']);
  });

  test('writes nothing when an entry is invalid (empty value in -cf mode)', async () => {
    const cwd = appRepo({ api: 'PORT=3000\nAPI_TOKEN=\n' });
    const result = await runTool(['-cf', '--env', 'dev'], { cwd, endpoint: aws.moto.endpoint });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('API_TOKEN (line 2) has an empty value');
    expect(await stored('/')).toEqual({});
  });

  test('a throttled write is retried and the run completes', async () => {
    const example = Array.from({ length: 8 }, (_, i) => `VAR_${i}=value-${i}`).join('\n');
    const cwd = appRepo({ api: example });
    let stats = { attempts: 0, throttled: 0 };
    const result = await runTool(['-cf', '--env', 'dev'], {
      cwd,
      endpoint: aws.moto.endpoint,
      onStore: (s) => (stats = injectThrottling(s.client, 4)),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(stats.throttled).toBeGreaterThanOrEqual(2);
    expect(stats.attempts).toBe(8 + stats.throttled);
    expect(Object.keys(await stored('/dev/api/'))).toHaveLength(8);
  });

  test('a failure mid-way says what was written and what was not; a re-run completes the rest', async () => {
    const cwd = appRepo({ api: 'A=1\nB=2\nC=3\nD=4\n' });
    const result = await runTool(['-cf', '--env', 'dev'], {
      cwd,
      endpoint: aws.moto.endpoint,
      onStore: (s) =>
        s.client.middlewareStack.add(
          (next, context) => async (args) => {
            const input = (args as { input: { Name?: string } }).input;
            if (context.commandName === 'PutParameterCommand' && input.Name === '/dev/api/C') {
              throw Object.assign(new Error('User is not authorized to perform ssm:PutParameter'), {
                name: 'AccessDeniedException',
                $metadata: { httpStatusCode: 400 },
              });
            }
            return next(args);
          },
          { step: 'initialize', name: 'denyC' },
        ),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Written (2): /dev/api/A, /dev/api/B\n' +
        'Not written (2): /dev/api/C, /dev/api/D\n' +
        'param-tool: Failed to write /dev/api/C: access denied: User is not authorized to perform ssm:PutParameter. ' +
        '2 of 4 written; re-run the same command to write the rest.\n',
    );
    expect(Object.keys(await stored('/dev/api/')).sort()).toEqual(['/dev/api/A', '/dev/api/B']);
    const rerun = await runTool(['-cf', '--env', 'dev'], { cwd, endpoint: aws.moto.endpoint });
    expect(rerun.stdout).toContain('Created 2, updated 0, unchanged 2, kept 0.');
  });
});

describe('pull', () => {
  test('reads all 27 parameters (three pages) and the dotenv output parses back to SSM values', async () => {
    const values: Record<string, string> = {};
    for (let i = 0; i < 27; i++) values[`KEY_${String(i).padStart(2, '0')}`] = `v${i}`;
    Object.assign(values, {
      KEY_QUOTES: `it's "quoted"`,
      KEY_HASH: 'a#b=c $HOME `cmd`',
      KEY_LINES: 'line1\nline2',
      KEY_UNICODE: 'café €😀',
    });
    for (const [k, v] of Object.entries(values)) {
      await aws.ssm.send(
        new PutParameterCommand({
          Name: `/prod/api/${k}`,
          Value: v,
          Type: k.endsWith('1') ? 'SecureString' : 'String',
        }),
      );
    }
    let counts = new Map<string, number>();
    const result = await runTool(['pull', '--env', 'prod', '--app', 'api'], {
      cwd: appRepo({}),
      endpoint: aws.moto.endpoint,
      onStore: (s) => (counts = countCalls(s.client)),
    });
    expect(result.code).toBe(0);
    expect(dotenv.parse(result.stdout)).toEqual(values);
    // 31 parameters, 10 per page: 4 pages (and no more).
    expect(counts.get('GetParametersByPathCommand')).toBe(4);
    expect(result.stderr).toContain('Environment: prod (--env) · Apps: api (--app)');
  });

  test('says so, exit 1, when the path holds no parameter', async () => {
    const result = await runTool(['pull', '--env', 'dev', '--app', 'nothing'], {
      cwd: appRepo({}),
      endpoint: aws.moto.endpoint,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'param-tool: Environment: dev (--env) · Apps: nothing (--app)\n'.replace('param-tool: ', '') +
        'param-tool: no parameters under /dev/nothing/: nothing written (check --env, --app and the Region)\n',
    });
  });

  test('--format json and shell carry a value dotenv cannot', async () => {
    const value = 'it\'s `x` and "y"';
    await aws.ssm.send(new PutParameterCommand({ Name: '/dev/api/MIXED', Value: value, Type: 'String' }));
    const cwd = appRepo({});
    const dotenvRun = await runTool(['pull', '--env', 'dev', '--app', 'api'], {
      cwd,
      endpoint: aws.moto.endpoint,
    });
    expect(dotenvRun.code).toBe(1);
    expect(dotenvRun.stderr).toContain('param-tool: nothing written: MIXED cannot be written as dotenv');
    const json = await runTool(['pull', '--env', 'dev', '--app', 'api', '--format', 'json'], {
      cwd,
      endpoint: aws.moto.endpoint,
    });
    expect(JSON.parse(json.stdout)).toEqual({ MIXED: value });
  });

  test('an unreachable endpoint is one line, not a stack trace', async () => {
    const result = await runTool(
      ['pull', '--env', 'dev', '--app', 'api', '--endpoint-url', 'http://127.0.0.1:9'],
      {
        cwd: appRepo({}),
        endpoint: 'http://127.0.0.1:9',
        env: { AWS_MAX_ATTEMPTS: '2' },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toMatch(
      /^param-tool: Failed to read \/dev\/api\/: cannot reach the SSM endpoint \(ECONNREFUSED\)/,
    );
  });
});

describe('-c (interactive)', () => {
  test('asks each variable with a typed prompt, re-asks bad input, hides secrets, then confirms once', async () => {
    const cwd = appRepo({
      api: 'PORT=3000\nDATABASE_URL=postgres://app:secret@localhost:5432/db\nFEATURE_X=true\nJWT_SECRET=change-me\nSUPPORT_EMAIL=support@example.com\n',
    });
    const terminal = scriptedTerminal([
      { when: /Apps/, send: KEY.enter },
      { when: /api PORT \(Port\)/, send: `abc${KEY.enter}` },
      { when: /must be a port from 1 to 65535/, send: `${KEY.clearLine}8080${KEY.enter}` },
      { when: /api DATABASE_URL \(URL, secret\)/, send: KEY.enter },
      { when: /api FEATURE_X \(Boolean\)/, send: `${KEY.down}${KEY.enter}` },
      { when: /api JWT_SECRET \(String, secret\)/, send: `s3cr3t-value${KEY.enter}` },
      { when: /api SUPPORT_EMAIL \(Email\)/, send: `not-an-email${KEY.enter}` },
      { when: /must be an email address/, send: `${KEY.clearLine}ops@example.com${KEY.enter}` },
      { when: /Write 5 new and 0 changed parameter\(s\)\?/, send: `y${KEY.enter}` },
    ]);
    const result = await runTool(['-c', '--env', 'qa'], {
      cwd,
      endpoint: aws.moto.endpoint,
      prompt: terminal.context,
    });
    expect(terminal.state.remaining).toEqual([]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Environment: qa (--env) · Apps: api (chosen)');
    expect(await stored('/qa/api/')).toEqual({
      '/qa/api/PORT': { value: '8080', type: 'String' },
      '/qa/api/DATABASE_URL': { value: 'postgres://app:secret@localhost:5432/db', type: 'SecureString' },
      '/qa/api/FEATURE_X': { value: 'false', type: 'String' },
      '/qa/api/JWT_SECRET': { value: 's3cr3t-value', type: 'SecureString' },
      '/qa/api/SUPPORT_EMAIL': { value: 'ops@example.com', type: 'String' },
    });
    expect(terminal.state.transcript).not.toContain('s3cr3t-value');
    expect(result.stdout).not.toContain('s3cr3t-value');
  });

  test('answering no to the confirmation writes nothing', async () => {
    const cwd = appRepo({ api: 'PORT=3000\n' });
    const terminal = scriptedTerminal([
      { when: /api PORT \(Port\)/, send: KEY.enter },
      { when: /Write 1 new/, send: `n${KEY.enter}` },
    ]);
    const result = await runTool(['-c', '--env', 'qa', '--app', 'api'], {
      cwd,
      endpoint: aws.moto.endpoint,
      prompt: terminal.context,
    });
    expect(result).toMatchObject({ code: 1, stderr: 'param-tool: cancelled: nothing written\n' });
    expect(await stored('/qa/')).toEqual({});
  });
});
