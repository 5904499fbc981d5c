import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { OpsWorld, revisionOf } from './support/ops-world';

let world: OpsWorld;
beforeAll(async () => {
  world = await OpsWorld.start();
}, 60_000);
afterAll(async () => world?.stop());
beforeEach(async () => world.reset());

/** What the CodeDeploy agent reports when configure_environment.sh finds a parameter missing. */
const MISSING_PARAMETER = {
  lifecycleEventName: 'AfterInstall',
  scriptName: 'hooks/configure_environment.sh',
  message:
    'Script at specified location: hooks/configure_environment.sh run as user root failed with exit code 1',
  logTail:
    'LifecycleEvent - AfterInstall\nScript - hooks/configure_environment.sh\n' +
    '[stderr][configure_environment] INFO: writing /opt/comptastar/api/.env from SSM /dev/api/\n' +
    '[stderr][configure_environment] ERROR: no value in SSM /dev/api/ for: DATABASE_URL JWT_SECRET (create them with param-tool)',
};

describe('status', () => {
  test('before the first deployment: the first group, no deployments, the pipeline never ran', async () => {
    const r = await world.run('status', 'dev');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('dev (eu-west-3): pipeline comptastar-dev-pipeline');
    expect(r.stdout).toMatch(/Source\s+never ran/);
    expect(r.stdout).toContain('api: group comptastar-dev-api-asg, 1 instance(s), desired 1 (min 1, max 4)');
    expect(r.stdout).toContain('web: group comptastar-dev-web-asg');
    expect(r.stdout).toMatch(/i-\w+\s+InService\/Healthy\s+t3\.small\s+target not registered/);
    expect(r.stdout).toContain('deployments: none yet');
    expect(r.stdout).toContain('alarms in ALARM: none');
    // The Region comes from the environment file unless --region says otherwise.
    expect(world.clientOptions).toEqual([{ profile: undefined, region: 'eu-west-3' }]);
  });

  test('--json is the same report, parsed back; --profile and --region reach the clients', async () => {
    await world.deploy('api', 'r1');
    world.codePipeline.setStage('comptastar-dev-pipeline', 'Deploy', {
      status: 'Succeeded',
      pipelineExecutionId: 'exec-1',
    });
    const r = await world.run('status', 'dev', 'api', '--json', '--profile', 'ops', '--region', 'eu-west-1');
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.environment).toBe('dev');
    expect(status.apps).toHaveLength(1);
    const api = status.apps[0];
    expect(api.autoScalingGroup).toBe('CodeDeploy_comptastar-dev-api-bg_d-SIM1');
    expect(api.instances).toEqual([
      expect.objectContaining({ lifecycleState: 'InService', targetHealth: 'healthy' }),
    ]);
    expect(api.deployments).toEqual([
      expect.objectContaining({
        id: 'd-SIM1',
        status: 'Succeeded',
        revision: 's3://comptastar-dev-artifacts/comptastar-dev-pipeline/api_revisi/r1 (etag etag-r1)',
      }),
    ]);
    expect(status.pipeline.stages.find((s: any) => s.stage === 'Deploy')).toMatchObject({
      status: 'Succeeded',
      executionId: 'exec-1',
      transitionEnabled: true,
    });
    expect(world.clientOptions).toEqual([{ profile: 'ops', region: 'eu-west-1' }]);
  });

  test('a failed deployment, an alarm in ALARM and a failed build show, with the why command', async () => {
    await world.deploy('api', 'r1');
    const d = await world.start('api', 'r2');
    await d.provisionGreen();
    await d.failLifecycleEvent(MISSING_PARAMETER);
    world.codePipeline.setStage('comptastar-dev-pipeline', 'Build', {
      status: 'Failed',
      pipelineExecutionId: 'exec-2',
      actions: [
        { actionName: 'Build', status: 'Failed', errorMessage: 'Build terminated with state: FAILED' },
      ],
    });
    const r = await world.run('status', 'dev', 'api');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/d-SIM2\s+Failed\s.*r2 \(etag etag-r2\)\s+HEALTH_CONSTRAINTS/);
    expect(r.stdout).toMatch(/d-SIM1\s+Succeeded/);
    expect(r.stdout).toContain('Build/Build failed: Build terminated with state: FAILED');
    expect(r.stdout).toContain('last deployment failed: npx comptastar why dev api');
  });
});

describe('why', () => {
  test('a failed deployment: the event, script, exit code, log tail, instance and the next step', async () => {
    await world.deploy('api', 'r1');
    const d = await world.start('api', 'r2');
    await d.provisionGreen();
    await d.failLifecycleEvent(MISSING_PARAMETER);
    const r = await world.run('why', 'dev', 'api');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('dev api: deployment d-SIM2 Failed');
    expect(r.stdout).toMatch(
      /failed {4}AfterInstall on i-\w+ \(green\): hooks\/configure_environment\.sh, exit code 1 \(ScriptFailed\)/,
    );
    expect(r.stdout).toContain('ERROR: no value in SSM /dev/api/ for: DATABASE_URL JWT_SECRET');
    expect(r.stdout).toContain(
      'create the missing parameter(s) DATABASE_URL JWT_SECRET under /dev/api/: `param-tool -c --env dev --app api`',
    );

    const json = JSON.parse((await world.run('why', 'dev', 'api', 'd-SIM2', '--json')).stdout);
    expect(json.deployment).toMatchObject({
      id: 'd-SIM2',
      status: 'Failed',
      error: { code: 'HEALTH_CONSTRAINTS' },
    });
    expect(json.failedEvents).toEqual([
      expect.objectContaining({
        lifecycleEvent: 'AfterInstall',
        script: 'hooks/configure_environment.sh',
        exitCode: 1,
        errorCode: 'ScriptFailed',
        instanceLabel: 'Green',
      }),
    ]);
    expect(json.logGroups).toEqual(['/comptastar/dev/api/deployment', '/comptastar/dev/api/application']);
  });

  test('a deployment stopped by an alarm names the alarm', async () => {
    await world.deploy('api', 'r1');
    const d = await world.start('api', 'r2');
    await d.provisionGreen();
    await d.stop('ALARM_ACTIVE');
    await world.cloudWatch.send(
      new SetAlarmStateCommand({
        AlarmName: 'comptastar-dev-api-target-5xx',
        StateValue: 'ALARM',
        StateReason: 'test',
      }),
    );
    const r = await world.run('why', 'dev', 'api');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment d-SIM2 Stopped');
    expect(r.stdout).toContain('error     ALARM_ACTIVE');
    expect(r.stdout).toContain('alarm(s) in ALARM now: comptastar-dev-api-target-5xx');
  });

  test('no deployments yet: a clear message, exit code 1', async () => {
    const r = await world.run('why', 'dev', 'web');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'comptastar: no failed or stopped deployment of web in dev; see `npx comptastar status dev web`\n',
    });
  });

  test('a deployment id of another app is refused', async () => {
    await world.deploy('web', 'w1');
    const r = await world.run('why', 'dev', 'api', 'd-SIM1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deployment d-SIM1 belongs to comptastar-dev-web, not to comptastar-dev-api');
  });
});

describe('rollback', () => {
  test('during the blue wait: asks, then stops the deployment with rollback; traffic is back on the original', async () => {
    await world.deploy('api', 'r1');
    const original = await world.registered('api');
    const d = await world.start('api', 'r2');
    await d.provisionGreen();
    await d.moveTraffic();
    expect(await world.registered('api')).not.toEqual(original);

    const r = await world.run('rollback', 'dev', 'api');
    expect(r.code).toBe(0);
    expect(world.questions).toEqual(['Roll back dev api?']);
    expect(r.stderr).toContain('deployment d-SIM2 is InProgress');
    expect(r.stderr).toContain('blue wait runs: traffic goes back to the original instances');
    expect(r.stdout).toContain('stopped d-SIM2 with rollback (Succeeded');
    expect(
      world.codeDeploy.calls.filter((c) => c.command === 'StopDeploymentCommand').map((c) => c.input),
    ).toEqual([{ deploymentId: 'd-SIM2', autoRollbackEnabled: true }]);
    expect(d.status()).toBe('Stopped');
    expect(await world.registered('api')).toEqual(original);
  });

  test('answered no: nothing is changed', async () => {
    await world.deploy('api', 'r1');
    const d = await world.start('api', 'r2');
    await d.provisionGreen();
    world.answer = false;
    const r = await world.run('rollback', 'dev', 'api');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('comptastar: rollback cancelled: nothing was changed');
    expect(world.codeDeploy.calls.map((c) => c.command)).not.toContain('StopDeploymentCommand');
    expect(d.status()).toBe('InProgress');
  });

  test('after the deployment: --yes redeploys the revision of the previous successful deployment', async () => {
    await world.deploy('api', 'r1');
    await world.deploy('api', 'r2');
    const r = await world.run('rollback', 'dev', 'api', '--yes', '--json');
    expect(r.code).toBe(0);
    expect(world.questions).toEqual([]);
    const out = JSON.parse(r.stdout);
    expect(out.plan).toMatchObject({ action: 'redeploy', live: { id: 'd-SIM2' }, target: { id: 'd-SIM1' } });
    expect(out.result).toMatchObject({ action: 'redeploy', deploymentId: 'd-SIM3' });
    const create = world.codeDeploy.calls.filter((c) => c.command === 'CreateDeploymentCommand');
    expect(create.map((c) => c.input)).toEqual([
      expect.objectContaining({
        applicationName: 'comptastar-dev-api',
        deploymentGroupName: 'comptastar-dev-api-bg',
        revision: revisionOf('r1'),
      }),
    ]);
    const status = JSON.parse((await world.run('status', 'dev', 'api', '--json')).stdout);
    expect(status.apps[0].deployments[0]).toMatchObject({
      id: 'd-SIM3',
      status: 'InProgress',
      revision: expect.stringContaining('/r1 '),
    });
  });

  test('with only one successful deployment there is nothing to roll back to', async () => {
    await world.deploy('api', 'r1');
    const r = await world.run('rollback', 'dev', 'api', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^comptastar: dev api: d-SIM1 \(.*\) is the only successful deployment; there is no earlier revision to roll back to\n$/,
    );
  });

  test('--json without --yes is refused (nobody to ask)', async () => {
    await world.deploy('api', 'r1');
    const r = await world.run('rollback', 'dev', 'api', '--json');
    expect(r).toMatchObject({
      code: 1,
      stderr: 'comptastar: --json needs --yes for rollback (there is no one to ask)\n',
    });
  });
});

describe('pause and resume', () => {
  test('pause disables the transition into Deploy with the reason; status shows it; resume enables it', async () => {
    const p = await world.run('pause', 'dev', '--reason', 'DB migration (ticket 42)');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('comptastar-dev-pipeline: deployments paused');
    expect(world.codePipeline.transition('comptastar-dev-pipeline', 'Deploy')).toMatchObject({
      enabled: false,
      disabledReason: 'DB migration (ticket 42)',
    });
    const s = await world.run('status', 'dev', 'web');
    expect(s.stdout).toMatch(
      /Deploy\s+never ran\s+PAUSED: DB migration \(ticket 42\) \(npx comptastar resume dev\)/,
    );

    const r = await world.run('resume', 'dev', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({
      pipeline: 'comptastar-dev-pipeline',
      stage: 'Deploy',
      paused: false,
    });
    expect(world.codePipeline.transition('comptastar-dev-pipeline', 'Deploy')).toMatchObject({
      enabled: true,
    });
  });

  test('a reason CodePipeline would refuse is refused first, naming the characters', async () => {
    const r = await world.run('pause', 'dev', '--reason', 'fix: db/migrations');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain('(remove: :/)');
    expect(world.codePipeline.calls).toEqual([]);
  });
});

describe('bad input and missing credentials', () => {
  test('an unknown environment or app lists the known ones, before any AWS call', async () => {
    const env = await world.run('status', 'qa');
    expect(env).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'comptastar: unknown environment "qa"; known environments: dev, production, staging (one file each in packages/app/src/environments/)\n',
    });
    const app = await world.run('why', 'dev', 'worker');
    expect(app.stderr).toBe('comptastar: unknown app "worker" in environment dev; known apps: api, web\n');
    expect(world.clientOptions).toEqual([{ profile: undefined, region: 'eu-west-3' }]);
    expect(world.codeDeploy.calls.filter((c) => !c.command.startsWith('CreateDeploymentGroup'))).toEqual([]);
  });

  test('the bin without credentials: one line saying what to do, no stack trace', () => {
    const home = mkdtempSync(join(tmpdir(), 'comptastar-home-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // Nothing listens there: a call that got past the credentials would fail differently.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    };
    const r = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'bin', 'comptastar'), 'status', 'dev', 'api'],
      {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'comptastar: codedeploy:GetDeploymentGroup comptastar-dev-api-bg: no AWS credentials found (Could not load credentials from any providers): ' +
        'pass --profile <name> ' +
        '(or set AWS_PROFILE), run `aws sso login` for an SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
  });
});
