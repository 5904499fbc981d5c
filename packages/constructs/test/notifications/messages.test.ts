/**
 * One rendering test per notification kind: the synthesized rule's input transformer applied to a
 * sample event as EventBridge applies it (each `<name>` of InputTemplate replaced by the value at its
 * InputPathsMap path: inside a JSON string as the raw text, elsewhere as JSON; EventBridge user guide,
 * "Amazon EventBridge input transformation"), then parsed as the JSON the topic receives.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { Naming } from '../../src/config/naming';
import { BlueGreenService } from '../../src/service';
import { synth } from '../pipeline/fixture';
import { API, networkStack, serviceStack } from '../service/fixture';

/** What EventBridge sends to the target for `event`, through the rule named `ruleName`. */
function render(template: Template, ruleName: string, event: unknown): any {
  const rules = Object.values(template.findResources('AWS::Events::Rule')).filter(
    (r: any) => r.Properties.Name === ruleName,
  );
  expect(rules).toHaveLength(1);
  const transformer = (rules[0] as any).Properties.Targets[0].InputTransformer;
  const values: Record<string, unknown> = {};
  for (const [name, path] of Object.entries<string>(transformer.InputPathsMap)) {
    values[name] = path
      .replace(/^\$\.?/, '')
      .split('.')
      .filter((k) => k)
      .reduce((o: any, k) => o?.[k], event);
  }
  let inString = false;
  let out = '';
  const text: string = transformer.InputTemplate;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') inString = !inString;
    const m = c === '<' ? /^<([\w.-]+)>/.exec(text.slice(i)) : null;
    if (m && m[1] in values) {
      const v = values[m[1]];
      out += inString ? JSON.stringify(String(v)).slice(1, -1) : JSON.stringify(v);
      i += m[0].length - 1;
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

const codeDeployEvent = (state: string) => ({
  source: 'aws.codedeploy',
  'detail-type': 'CodeDeploy Deployment State-change Notification',
  region: 'eu-west-3',
  time: '2026-11-30T17:05:09Z',
  detail: {
    application: 'comptastar-dev-api',
    deploymentGroup: 'comptastar-dev-api-bg',
    deploymentId: 'd-ABCDEF123',
    state,
    region: 'eu-west-3',
  },
});

/** CloudWatch's alarm state change event for an alarm gone to ALARM. */
const alarmEvent = (alarmName: string, reason: string, description: string) => ({
  source: 'aws.cloudwatch',
  'detail-type': 'CloudWatch Alarm State Change',
  region: 'eu-west-3',
  time: '2026-11-30T17:06:00Z',
  detail: { alarmName, state: { value: 'ALARM', reason }, configuration: { description } },
});

describe('readable notifications, one line per event kind', () => {
  const { template: service } = serviceStack(API);
  /** The description CloudWatch puts in the event: the synthesized alarm's own. */
  const alarmDescription = (name: string): string =>
    Object.values<any>(service.findResources('AWS::CloudWatch::Alarm')).find(
      (a) => a.Properties.AlarmName === name,
    ).Properties.AlarmDescription;
  const { template: pipeline } = synth();

  test('a failed deployment', () => {
    const m = render(service, 'comptastar-dev-api-deploy-failed', codeDeployEvent('FAILURE'));
    expect(m.summary).toBe(
      'comptastar dev api: deployment d-ABCDEF123 failed in eu-west-3. Why: npx comptastar why dev api d-ABCDEF123',
    );
    expect(m).toMatchObject({
      kind: 'deployment-failed',
      environment: 'dev',
      app: 'api',
      deploymentId: 'd-ABCDEF123',
      state: 'FAILURE',
      application: 'comptastar-dev-api',
      deploymentGroup: 'comptastar-dev-api-bg',
      region: 'eu-west-3',
      time: '2026-11-30T17:05:09Z',
    });
  });

  test('a stopped deployment (an alarm, or a stop request)', () => {
    const m = render(service, 'comptastar-dev-api-deploy-stopped', codeDeployEvent('STOP'));
    expect(m.summary).toBe(
      'comptastar dev api: deployment d-ABCDEF123 was stopped (an alarm in ALARM, or a stop request such as a rollback) ' +
        'in eu-west-3. Why: npx comptastar why dev api d-ABCDEF123',
    );
    expect(m).toMatchObject({ kind: 'deployment-stopped', state: 'STOP', deploymentId: 'd-ABCDEF123' });
  });

  test('an alarm', () => {
    const m = render(
      service,
      'comptastar-dev-api-alarm',
      alarmEvent(
        'comptastar-dev-api-unhealthy-hosts',
        'Threshold Crossed: 2 datapoints [1.0, 1.0] were >= the threshold (1.0).',
        alarmDescription('comptastar-dev-api-unhealthy-hosts'),
      ),
    );
    expect(m.summary).toBe(
      'comptastar dev api: alarm comptastar-dev-api-unhealthy-hosts is in ALARM: api: at least one unhealthy target for ' +
        '2 consecutive minutes (a deployment running now is stopped and rolled back). Status: npx comptastar status dev api',
    );
    expect(m).toMatchObject({
      kind: 'alarm',
      alarmName: 'comptastar-dev-api-unhealthy-hosts',
      state: 'ALARM',
      reason: 'Threshold Crossed: 2 datapoints [1.0, 1.0] were >= the threshold (1.0).',
    });
  });

  test('a fleet alarm says what failed and where to look', () => {
    const m = render(
      service,
      'comptastar-dev-api-alarm',
      alarmEvent(
        'comptastar-dev-api-fleet-errors',
        'Threshold Crossed: 1 datapoint [1.0] was >= the threshold (1.0).',
        alarmDescription('comptastar-dev-api-fleet-errors'),
      ),
    );
    expect(m.summary).toBe(
      'comptastar dev api: alarm comptastar-dev-api-fleet-errors is in ALARM: Fleet comptastar-dev-api-fleet: a reconcile ' +
        'failed (its log group /comptastar/dev/api/fleet-handler says why); the next run retries. Status: npx comptastar status dev api',
    );
  });

  test('a failed pipeline execution', () => {
    const m = render(pipeline, 'comptastar-dev-pipeline-failed', {
      source: 'aws.codepipeline',
      'detail-type': 'CodePipeline Pipeline Execution State Change',
      region: 'eu-west-3',
      time: '2026-11-30T17:07:00Z',
      detail: { pipeline: 'comptastar-dev-pipeline', 'execution-id': '01234567-89ab', state: 'FAILED' },
    });
    expect(m.summary).toBe(
      'comptastar dev: pipeline comptastar-dev-pipeline execution 01234567-89ab failed. Status: npx comptastar status dev',
    );
    expect(m).toMatchObject({
      kind: 'pipeline-failed',
      pipeline: 'comptastar-dev-pipeline',
      executionId: '01234567-89ab',
      state: 'FAILED',
    });
  });

  test('a failed build', () => {
    const link = 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-3#logEvent:group=x;stream=y';
    const m = render(pipeline, 'comptastar-dev-build-failed', {
      source: 'aws.codebuild',
      'detail-type': 'CodeBuild Build State Change',
      region: 'eu-west-3',
      time: '2026-11-30T17:08:00Z',
      detail: {
        'build-status': 'FAILED',
        'project-name': 'comptastar-dev-build',
        'build-id': 'arn:aws:codebuild:eu-west-3:123456789012:build/comptastar-dev-build:abc',
        'additional-information': { logs: { 'deep-link': link } },
      },
    });
    expect(m.summary).toBe(
      'comptastar dev: build of comptastar-dev-build failed (a missing SSM parameter fails it too: param-tool check --env dev). ' +
        `Logs: ${link}. Status: npx comptastar status dev`,
    );
    expect(m).toMatchObject({ kind: 'build-failed', project: 'comptastar-dev-build', buildStatus: 'FAILED' });
  });

  test('the rules match only their events', () => {
    const pattern = (t: Template, name: string) =>
      (
        Object.values(t.findResources('AWS::Events::Rule')).find(
          (r: any) => r.Properties.Name === name,
        ) as any
      ).Properties.EventPattern;
    expect(pattern(pipeline, 'comptastar-dev-pipeline-failed')).toMatchObject({
      source: ['aws.codepipeline'],
      'detail-type': ['CodePipeline Pipeline Execution State Change'],
      detail: { state: ['FAILED'] },
    });
    expect(pattern(pipeline, 'comptastar-dev-build-failed')).toMatchObject({
      source: ['aws.codebuild'],
      detail: { 'build-status': ['FAILED'] },
    });
    expect(pattern(service, 'comptastar-dev-api-alarm').detail.alarmName).toEqual([
      'comptastar-dev-api-target-5xx',
      'comptastar-dev-api-unhealthy-hosts',
      'comptastar-dev-api-fleet-errors',
      'comptastar-dev-api-fleet-failed-runs',
      'comptastar-dev-api-waf-blocked',
    ]);
  });

  test('the created topic lets EventBridge publish and use its key; no CodeStar Notifications rule remains', () => {
    pipeline.resourceCountIs('AWS::CodeStarNotifications::NotificationRule', 0);
    const statements = Object.values(pipeline.findResources('AWS::SNS::TopicPolicy')).flatMap(
      (p: any) => p.Properties.PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' }),
    );
    const keyStatements = Object.values(pipeline.findResources('AWS::KMS::Key')).flatMap(
      (k: any) => k.Properties.KeyPolicy.Statement,
    );
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });
});

describe('without an operations command, notifications name the AWS CLI command', () => {
  const { stack, vpc } = networkStack(undefined, 'Acme');
  const naming = new Naming({ projectName: 'acme', environment: 'prod' });
  new BlueGreenService(stack, 'Backend', {
    naming,
    vpc,
    service: { appName: 'backend', port: 8080, healthCheck: { path: '/healthz' } },
  });
  const template = Template.fromStack(stack);

  test('a failed deployment points at aws deploy get-deployment', () => {
    const m = render(template, 'acme-prod-backend-deploy-failed', codeDeployEvent('FAILURE'));
    expect(m.summary).toBe(
      'acme prod backend: deployment d-ABCDEF123 failed in eu-west-3. Why: aws deploy get-deployment --deployment-id d-ABCDEF123',
    );
  });

  test('an alarm points at aws cloudwatch describe-alarms', () => {
    const m = render(
      template,
      'acme-prod-backend-alarm',
      alarmEvent('acme-prod-backend-unhealthy-hosts', 'Threshold Crossed', 'unhealthy'),
    );
    expect(m.summary).toBe(
      'acme prod backend: alarm acme-prod-backend-unhealthy-hosts is in ALARM: unhealthy. ' +
        'Status: aws cloudwatch describe-alarms --alarm-names acme-prod-backend-unhealthy-hosts',
    );
  });
});
