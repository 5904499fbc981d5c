import { Naming } from '@comptastar/constructs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, environmentStacks } from '../src/main';
import { committedEnvironments } from './support/synth';

const app = buildApp(committedEnvironments(), new App());
const templates = Object.fromEntries(
  environmentStacks(app).map((s) => [s.loaded.config.environment, Template.fromStack(s)]),
);
const ENVIRONMENTS = ['dev', 'production', 'staging'];

const resourcesOf = (env: string, type: string) => Object.values<any>(templates[env].findResources(type));

/** Properties that hold a resource's physical name (plain strings only: generated names are left out). */
const NAME_PROPERTIES = [
  'Name',
  'AlarmName',
  'ApplicationName',
  'ConnectionName',
  'LogGroupName',
  'TopicName',
];

/**
 * A stack as a reviewer reads it: how many resources of each type, every physical name, each
 * launch template's instance settings, each fleet's capacity and scaling policies, the outputs.
 */
function projection(template: any) {
  const resources = Object.values<any>(template.Resources);
  const ofType = (type: string) => resources.filter((r) => r.Type === type).map((r) => r.Properties);
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return {
    resourceCounts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))),
    physicalNames: resources
      .flatMap((r) =>
        NAME_PROPERTIES.filter((k) => typeof r.Properties?.[k] === 'string').map(
          (k) => `${r.Type} ${r.Properties[k]}`,
        ),
      )
      .sort(),
    launchTemplates: ofType('AWS::EC2::LaunchTemplate')
      .map(({ LaunchTemplateData: d }) => ({
        instanceType: d.InstanceType,
        httpTokens: d.MetadataOptions?.HttpTokens,
        volumes: d.BlockDeviceMappings.map(
          (m: any) =>
            `${m.DeviceName} ${m.Ebs.VolumeSize} GB ${m.Ebs.VolumeType}${m.Ebs.Encrypted ? ' encrypted' : ''}`,
        ),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    fleets: ofType('Custom::ComptaStarFleet')
      .map(({ Fleet: f }) => ({
        fleetId: f.fleetId,
        autoScalingGroupName: f.autoScalingGroupName,
        capacity: `${f.minSize}-${f.maxSize} (desired ${f.desiredCapacity})`,
        policies: f.policies.map((p: any) => `${p.policyName}: ${p.alarmName}`),
      }))
      .sort((a, b) => a.fleetId.localeCompare(b.fleetId)),
    outputs: Object.keys(template.Outputs ?? {}).sort(),
  };
}

describe('one stack per environment', () => {
  test('every environment file has a stack', () => {
    expect(Object.keys(templates).sort()).toEqual(ENVIRONMENTS);
  });

  // What each stack holds, small enough to review in a diff: the assertions below check the details.
  test.each(ENVIRONMENTS)('%s: resources, physical names, launch templates, fleets and outputs', (env) => {
    expect(projection(templates[env].toJSON())).toMatchSnapshot();
  });

  test.each(ENVIRONMENTS)(
    '%s: two load balancers and two target groups named as ComptaStar names them',
    (env) => {
      expect(
        resourcesOf(env, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
          .map((r) => r.Properties.Name)
          .sort(),
      ).toEqual([`comptastar-${env}-api-lb`, `comptastar-${env}-web-lb`]);
      expect(
        resourcesOf(env, 'AWS::ElasticLoadBalancingV2::TargetGroup')
          .map((r) => [r.Properties.Name, r.Properties.Port, r.Properties.HealthCheckPath])
          .sort(),
      ).toEqual([
        [`comptastar-${env}-api-tg`, 3001, '/api/v1/health'],
        [`comptastar-${env}-web-tg`, 3000, '/api/health'],
      ]);
    },
  );

  test.each(ENVIRONMENTS)(
    '%s: no Auto Scaling group, policy or CPU alarm owned by the stack (the fleets own them)',
    (env) => {
      templates[env].resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
      templates[env].resourceCountIs('AWS::AutoScaling::ScalingPolicy', 0);
      expect(resourcesOf(env, 'Custom::ComptaStarFleet')).toHaveLength(2);
    },
  );

  test.each(ENVIRONMENTS)("%s: each app's instances read only their own environment's SSM path", (env) => {
    const ssmResources = (role: string) =>
      resourcesOf(env, 'AWS::IAM::Policy')
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((s: any) => [].concat(s.Action).includes('ssm:GetParametersByPath' as never))
        .map((s: any) => JSON.stringify(s.Resource));
    for (const appName of ['api', 'web']) {
      const resources = ssmResources(`${appName === 'api' ? 'Api' : 'Web'}InstanceRole`);
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.join()).toContain(`:parameter/${env}/${appName}`);
      for (const other of ENVIRONMENTS.filter((e) => e !== env)) {
        expect(resources.join()).not.toContain(`/${other}/`);
      }
    }
  });

  test.each([
    ['dev', 1],
    ['staging', 1],
    ['production', 2],
  ])('%s: %i NAT gateway(s)', (env, count) => {
    templates[env].resourceCountIs('AWS::EC2::NatGateway', count);
  });

  test.each(ENVIRONMENTS)(
    '%s: one pipeline deploys both apps to their blue/green deployment groups',
    (env) => {
      const [pipeline] = resourcesOf(env, 'AWS::CodePipeline::Pipeline');
      expect(pipeline.Properties.Name).toBe(`comptastar-${env}-pipeline`);
      const deploy = pipeline.Properties.Stages.find((s: any) => s.Name === 'Deploy');
      const resources = templates[env].toJSON().Resources;
      const targets = deploy.Actions.map((a: any) => {
        const group = a.Configuration.DeploymentGroupName['Fn::GetAtt'];
        return [
          a.ActionTypeId.Provider,
          resources[a.Configuration.ApplicationName.Ref].Properties.ApplicationName,
          resources[group[0]].Type, // the name comes from the fleet, so the action waits for it
          group[1],
        ];
      });
      expect(targets.sort()).toEqual([
        ['CodeDeploy', `comptastar-${env}-api`, 'Custom::ComptaStarFleet', 'DeploymentGroupName'],
        ['CodeDeploy', `comptastar-${env}-web`, 'Custom::ComptaStarFleet', 'DeploymentGroupName'],
      ]);
    },
  );

  test.each(ENVIRONMENTS)(
    '%s: one notification topic shared by the alarms, deployments and the pipeline',
    (env) => {
      const topics = templates[env].findResources('AWS::SNS::Topic');
      expect(Object.values<any>(topics).map((t) => t.Properties.TopicName)).toEqual([
        `comptastar-${env}-notifications`,
      ]);
      const [topicId] = Object.keys(topics);
      // The readable notifications: per app a failed and a stopped deployment rule and an alarm rule,
      // plus the failed pipeline and failed build rules, all to the one topic.
      const toTopic = resourcesOf(env, 'AWS::Events::Rule')
        .filter((r) => JSON.stringify(r.Properties.Targets).includes(`"${topicId}"`))
        .map((r) => r.Properties.Name)
        .sort();
      expect(toTopic).toEqual(
        [
          ...['api', 'web'].flatMap((appName) =>
            ['alarm', 'deploy-failed', 'deploy-stopped'].map((k) => `comptastar-${env}-${appName}-${k}`),
          ),
          `comptastar-${env}-build-failed`,
          `comptastar-${env}-pipeline-failed`,
        ].sort(),
      );
      expect(resourcesOf(env, 'AWS::CodeStarNotifications::NotificationRule')).toEqual([]);
    },
  );

  test.each([
    ['production', 2],
    ['staging', 2],
    ['dev', 0],
  ])('%s: %i web ACLs, each associated with one load balancer, logged and alarmed', (env, count) => {
    const acls = templates[env].findResources('AWS::WAFv2::WebACL');
    expect(Object.keys(acls)).toHaveLength(count);
    const associations = resourcesOf(env, 'AWS::WAFv2::WebACLAssociation');
    expect(associations.map((a) => a.Properties.WebACLArn['Fn::GetAtt'][0]).sort()).toEqual(
      Object.keys(acls).sort(),
    );
    expect(new Set(associations.map((a) => a.Properties.ResourceArn.Ref)).size).toBe(count);
    for (const acl of Object.values<any>(acls)) {
      expect(
        acl.Properties.Rules.map((r: any) => r.Statement.ManagedRuleGroupStatement?.Name ?? r.Name),
      ).toEqual([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'RateLimitPerIp',
      ]);
    }
    expect(resourcesOf(env, 'AWS::WAFv2::LoggingConfiguration')).toHaveLength(count);
    const blocked = resourcesOf(env, 'AWS::CloudWatch::Alarm').filter(
      (a) => a.Properties.MetricName === 'BlockedRequests',
    );
    expect(blocked).toHaveLength(count);
  });

  test.each(ENVIRONMENTS)(
    "%s: every log group is encrypted with the stack's one log key, whose policy lets CloudWatch Logs use it for exactly those log groups",
    (env) => {
      const keys = templates[env].findResources('AWS::KMS::Key', {
        Properties: {
          Description: `CloudWatch Logs encryption of the log groups of stack comptastar-${env}`,
        },
      });
      expect(Object.keys(keys)).toHaveLength(1);
      const [[keyId, key]] = Object.entries<any>(keys);
      expect(key.Properties.EnableKeyRotation).toBe(true);
      const groups = resourcesOf(env, 'AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThanOrEqual(9);
      for (const group of groups) expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      const statement = key.Properties.KeyPolicy.Statement.find(
        (s: any) => s.Sid === 'CloudWatchLogsForTheseLogGroups',
      );
      expect(statement.Principal).toEqual({ Service: 'logs.eu-west-3.amazonaws.com' });
      const allowed: string[] = statement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn'].map(
        (arn: any) => arn['Fn::Join'][1].slice(-1)[0].replace(/^:log-group:/, ''),
      );
      expect(allowed.sort()).toEqual(groups.map((g) => g.Properties.LogGroupName).sort());
    },
  );

  test('deletion protection on production load balancers only', () => {
    const protection = (env: string) =>
      resourcesOf(env, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map(
        (r) =>
          r.Properties.LoadBalancerAttributes.find((a: any) => a.Key === 'deletion_protection.enabled').Value,
      );
    expect(protection('production')).toEqual(['true', 'true']);
    expect(protection('dev')).toEqual(['false', 'false']);
  });

  test('every environment-wide and per-app name operations look up carries the environment, so environments coexist', () => {
    // (the library's test/config/naming.test.ts checks the same of every name it builds)
    const naming = new Naming({ projectName: 'comptastar', environment: 'qa' });
    const { appName, ...appNames } = naming.appResourceNames('api');
    const names = { ...appNames, ...naming.environmentResourceNames() };
    expect(Object.keys(names).length).toBeGreaterThan(10);
    for (const [what, name] of Object.entries(names)) {
      expect([what, name.includes('qa')]).toEqual([what, true]);
    }
    expect(appName).toBe('api');
  });
});
