import * as checks from './extra-checks';

const lt = (data: object) => ({
  LT: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: data } },
});
const secureLt = {
  MetadataOptions: { HttpTokens: 'required' },
  BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3' } }],
};
const alb = (attrs: object[]) => ({
  Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  Properties: { Type: 'application', LoadBalancerAttributes: attrs },
});
const listener = (protocol: string, actions: object[], lb = 'LB') => ({
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: { Protocol: protocol, LoadBalancerArn: { Ref: lb }, DefaultActions: actions },
});

describe('imdsv2Required', () => {
  test('Noncompliance: optional tokens', () => {
    expect(checks.imdsv2Required(lt({ MetadataOptions: { HttpTokens: 'optional' } }))).toEqual([
      'LT: launch template does not require IMDSv2 (MetadataOptions.HttpTokens must be "required")',
    ]);
  });
  test('Noncompliance: no metadata options', () => expect(checks.imdsv2Required(lt({}))).toHaveLength(1));
  test('Compliance', () => expect(checks.imdsv2Required(lt(secureLt))).toEqual([]));
});

describe('ebsEncrypted', () => {
  test('Noncompliance: unencrypted volume', () => {
    expect(checks.ebsEncrypted(lt({ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: {} }] }))).toEqual([
      'LT: EBS volume /dev/xvda is not encrypted',
    ]);
  });
  test('Noncompliance: no block device mapping', () => expect(checks.ebsEncrypted(lt({}))).toHaveLength(1));
  test('Compliance', () => expect(checks.ebsEncrypted(lt(secureLt))).toEqual([]));
});

describe('albDropsInvalidHeaders', () => {
  test('Noncompliance', () => {
    expect(checks.albDropsInvalidHeaders({ LB: alb([]) })).toEqual([
      'LB: load balancer does not drop invalid header fields',
    ]);
  });
  test('Compliance', () => {
    expect(
      checks.albDropsInvalidHeaders({
        LB: alb([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
      }),
    ).toEqual([]);
  });
});

describe('httpsRedirectWithCertificate', () => {
  const redirect = [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }];
  const forward = [{ Type: 'forward', TargetGroupArn: { Ref: 'TG' } }];
  test('Noncompliance: HTTP forwards although HTTPS exists', () => {
    expect(
      checks.httpsRedirectWithCertificate({
        L80: listener('HTTP', forward),
        L443: listener('HTTPS', forward),
      }),
    ).toEqual(['L80: HTTP listener of a load balancer with a certificate does not redirect to HTTPS']);
  });
  test('Compliance: redirect', () => {
    expect(
      checks.httpsRedirectWithCertificate({
        L80: listener('HTTP', redirect),
        L443: listener('HTTPS', forward),
      }),
    ).toEqual([]);
  });
  test('Compliance: HTTP only, no certificate', () => {
    expect(checks.httpsRedirectWithCertificate({ L80: listener('HTTP', forward) })).toEqual([]);
  });
  test('Compliance: HTTPS on another load balancer does not concern this one', () => {
    expect(
      checks.httpsRedirectWithCertificate({
        L80: listener('HTTP', forward, 'A'),
        L443: listener('HTTPS', forward, 'B'),
      }),
    ).toEqual([]);
  });
});

describe('logRetentionSet', () => {
  test('Noncompliance', () => {
    expect(checks.logRetentionSet({ G: { Type: 'AWS::Logs::LogGroup', Properties: {} } })).toEqual([
      'G: log group keeps logs forever (set RetentionInDays)',
    ]);
  });
  test('Compliance', () => {
    expect(
      checks.logRetentionSet({ G: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } }),
    ).toEqual([]);
  });
});

describe('noWildcardAction', () => {
  const policy = (statement: object) => ({
    P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [statement] } } },
  });
  test('Noncompliance: Action "*" alone or in a list', () => {
    expect(checks.noWildcardAction(policy({ Effect: 'Allow', Action: '*', Resource: '*' }))).toEqual([
      'P: policy statement allows Action "*"',
    ]);
    expect(
      checks.noWildcardAction(policy({ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: '*' })),
    ).toHaveLength(1);
  });
  test('Noncompliance: inline role policy', () => {
    const role = {
      R: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: 'x' }] } }],
        },
      },
    };
    expect(checks.noWildcardAction(role)).toEqual(['R: policy statement allows Action "*"']);
  });
  test('Compliance: service wildcards and Deny statements', () => {
    expect(checks.noWildcardAction(policy({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }))).toEqual(
      [],
    );
    expect(checks.noWildcardAction(policy({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
  });
});
