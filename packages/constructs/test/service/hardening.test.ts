import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { NIST80053R5Checks } from 'cdk-nag';
import { API, CERTIFICATE_ARN, REGION, WEB, serviceStack } from './fixture';
import { Naming } from '../../src/config';
import { Network } from '../../src/network';
import { ComptaStarService, WafSetting } from '../../src/service';

/** NIST 800-53 R5 findings nobody acknowledged under a construct path prefix, as `rule at path` lines. */
function nistFindings(app: App, under: string): string[] {
  return new NIST80053R5Checks(app)
    .validateScope(app)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
    .filter((line) => line.includes(` at ${under}`));
}

const HTTP_ONLY = 'no domain yet: HTTPS once the certificate is issued';

describe('AWS WAF on the load balancer', () => {
  test('by default: a web ACL of AWS managed rule groups and a rate limit per IP, associated with the load balancer', () => {
    // GIVEN / WHEN
    const { stack, template, service } = serviceStack(API);
    // THEN
    const [[aclId, acl]] = Object.entries<any>(template.findResources('AWS::WAFv2::WebACL'));
    expect(acl.Properties).toMatchObject({
      Name: 'comptastar-dev-api-waf',
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
    });
    expect(
      acl.Properties.Rules.map((r: any) => [
        r.Priority,
        r.Name,
        r.Statement.ManagedRuleGroupStatement?.VendorName ?? 'rate',
      ]),
    ).toEqual([
      [0, 'AWSManagedRulesAmazonIpReputationList', 'AWS'],
      [1, 'AWSManagedRulesCommonRuleSet', 'AWS'],
      [2, 'AWSManagedRulesKnownBadInputsRuleSet', 'AWS'],
      [3, 'RateLimitPerIp', 'rate'],
    ]);
    expect(acl.Properties.Rules[3]).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
    });
    for (const rule of acl.Properties.Rules) {
      expect(rule.VisibilityConfig).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
      });
    }
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: stack.resolve(service.loadBalancer.loadBalancerArn),
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
    expect(service.waf.kind).toBe('managed');
  });

  test('its logs go to an encrypted aws-waf-logs- group without credentials, and blocked requests alarm the topic', () => {
    const { stack, template, service } = serviceStack(WEB);
    const [logging] = Object.values<any>(template.findResources('AWS::WAFv2::LoggingConfiguration'));
    expect(JSON.stringify(stack.resolve(logging.Properties.LogDestinationConfigs))).toMatch(
      /:log-group:aws-waf-logs-comptastar-dev-web"\]\]\}\]$/,
    );
    expect(logging.Properties.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'cookie' } },
    ]);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-comptastar-dev-web',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogEncryptionKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'comptastar-dev-web-waf-blocked',
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: [
        { Name: 'Region', Value: 'eu-west-3' },
        { Name: 'Rule', Value: 'ALL' },
        { Name: 'WebACL', Value: 'comptastar-dev-web-waf' },
      ],
      Threshold: 100,
      AlarmActions: Match.absent(), // it reaches the topic through the service's readable alarm rule
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'comptastar-dev-web-alarm',
      EventPattern: { detail: { alarmName: Match.arrayWith(['comptastar-dev-web-waf-blocked']) } },
      Targets: [Match.objectLike({ Arn: stack.resolve(service.notificationTopic.topicArn) })],
    });
  });

  test('rate limit, count-only common rules and alarm threshold come from WafSetting.managed()', () => {
    const { template, service } = serviceStack(API, {
      waf: WafSetting.managed({
        rateLimit: 500,
        countOnlyCommonRules: ['SizeRestrictions_BODY'],
        blockedRequestsAlarmThreshold: 20,
      }),
    });
    const [acl] = Object.values<any>(template.findResources('AWS::WAFv2::WebACL'));
    expect(acl.Properties.Rules[1].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    expect(acl.Properties.Rules[3].Statement.RateBasedStatement.Limit).toBe(500);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BlockedRequests',
      Threshold: 20,
    });
    expect(service.webAcl!.rateLimit).toBe(500);
  });

  test('an existing web ACL is associated as is; off creates nothing and records its reason for cdk-nag', () => {
    const arn =
      'arn:aws:wafv2:eu-west-3:111111111111:regional/webacl/shared/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const given = serviceStack(API, { waf: WafSetting.fromWebAclArn(arn), httpOnlyReason: HTTP_ONLY });
    given.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    given.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
    expect(given.service.webAcl).toBeUndefined();
    expect(nistFindings(given.stack.node.scope as App, 'Stack/Service/LoadBalancer')).toEqual([]);

    const off = serviceStack(API, {
      waf: WafSetting.off('internal test environment'),
      httpOnlyReason: HTTP_ONLY,
    });
    off.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    off.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(nistFindings(off.stack.node.scope as App, 'Stack/Service/LoadBalancer')).toEqual([]);
    const acks = off.service.loadBalancer.node.metadata.filter(
      (m) => m.type === 'aws:cdk:acknowledged-rules',
    );
    expect(JSON.stringify(acks.map((m) => m.data))).toContain(
      'NIST.800.53.R5-ALBWAFEnabled":"internal test environment"',
    );
  });

  test.each([
    [{ waf: WafSetting.off(' ') }, 'waf is WafSetting.off() without a reason'],
    [
      { waf: WafSetting.fromWebAclArn('arn:aws:wafv2:us-east-1:111111111111:global/webacl/x/1') },
      'is not a regional WAFv2 web ACL ARN',
    ],
    [
      { waf: WafSetting.managed({ rateLimit: 5 }) },
      'rateLimit is 5; allowed: an integer from 10 to 2000000000 requests per 5 minutes',
    ],
    [
      { waf: WafSetting.managed({ countOnlyCommonRules: ['no spaces'] }) },
      'countOnlyCommonRules has "no spaces", not a rule name',
    ],
  ])('bad WAF settings fail with the setting and the fix: %#', (props, message) => {
    expect(() => serviceStack(API, props)).toThrow(message);
  });
});

describe('HTTPS made explicit', () => {
  test('httpOnlyReason acknowledges the NIST HTTPS rules with that reason; without it, the NIST pack reports them', () => {
    const stated = serviceStack(API, { httpOnlyReason: HTTP_ONLY });
    expect(stated.service.httpOnlyReason).toBe(HTTP_ONLY);
    expect(nistFindings(stated.stack.node.scope as App, 'Stack/Service/LoadBalancer')).toEqual([]);

    const silent = serviceStack(API);
    expect(nistFindings(silent.stack.node.scope as App, 'Stack/Service/LoadBalancer').sort()).toEqual([
      'NIST.800.53.R5-ALBHttpToHttpsRedirection at Stack/Service/LoadBalancer/HttpListener/Resource',
      'NIST.800.53.R5-ELBv2ACMCertificateRequired at Stack/Service/LoadBalancer/HttpListener/Resource',
    ]);
  });

  test('with a certificate, the redirecting port 80 listener is acknowledged and nothing else is needed', () => {
    const https = serviceStack(API, { certificateArn: CERTIFICATE_ARN });
    expect(nistFindings(https.stack.node.scope as App, 'Stack/Service/LoadBalancer')).toEqual([]);
  });

  test.each([
    [
      { certificateArn: CERTIFICATE_ARN, httpOnlyReason: 'x' },
      'httpOnlyReason is set together with certificateArn',
    ],
    [
      { httpOnlyReason: ' ' },
      'httpOnlyReason is empty; say why the load balancer listens on HTTP only, or set certificateArn',
    ],
  ])('contradictory HTTPS settings fail: %#', (props, message) => {
    expect(() => serviceStack(API, props)).toThrow(message);
  });
});

describe('log encryption', () => {
  test('one key per stack encrypts every log group, and CloudWatch Logs may use it for exactly those log groups', () => {
    // GIVEN two services and a network in one stack
    const stack = new Stack(new App(), 'Stack', { env: { region: REGION } });
    const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });
    const { vpc } = new Network(stack, 'Network', { naming });
    new ComptaStarService(stack, 'Api', { naming, vpc, service: API });
    new ComptaStarService(stack, 'Web', { naming, vpc, service: WEB });
    const template = Template.fromStack(stack);
    // THEN
    const keys = template.findResources('AWS::KMS::Key', {
      Properties: { Description: 'CloudWatch Logs encryption of the log groups of stack Stack' },
    });
    const [[keyId, key]] = Object.entries<any>(keys);
    expect(Object.keys(keys)).toHaveLength(1);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const groups = Object.values<any>(template.findResources('AWS::Logs::LogGroup'));
    // per app: application, deployment, WAF, fleet handler and provider; plus the network's flow logs
    expect(groups).toHaveLength(11);
    for (const group of groups) expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const statement = key.Properties.KeyPolicy.Statement.find(
      (s: any) => s.Sid === 'CloudWatchLogsForTheseLogGroups',
    );
    expect(statement).toMatchObject({
      Principal: { Service: 'logs.eu-west-3.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    });
    const arns: string[] = statement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn'].map((a: any) =>
      (a['Fn::Join'][1] as any[]).map((p) => (typeof p === 'string' ? p : '<ref>')).join(''),
    );
    expect(arns.sort()).toEqual(
      groups.map((g) => `arn:<ref>:logs:eu-west-3:<ref>:log-group:${g.Properties.LogGroupName}`).sort(),
    );
  });
});
