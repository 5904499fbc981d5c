/**
 * Checks that cdk-nag's AwsSolutions pack does not make (they live in its HIPAA/NIST/PCI packs),
 * run over a synthesized CloudFormation template. Each returns one line per violation, naming
 * the resource and what is wrong.
 */
type Resources = Record<string, { Type: string; Properties?: any }>;
export type Template = { Resources?: Resources };

type Check = (resources: Resources) => string[];

const ofType = (resources: Resources, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

/** Launch templates require IMDSv2 (EC2IMDSv2Enabled / AutoScaling.3). */
export const imdsv2Required: Check = (resources) =>
  ofType(resources, 'AWS::EC2::LaunchTemplate')
    .filter(([, r]) => r.Properties?.LaunchTemplateData?.MetadataOptions?.HttpTokens !== 'required')
    .map(
      ([id]) =>
        `${id}: launch template does not require IMDSv2 (MetadataOptions.HttpTokens must be "required")`,
    );

/** Launch templates encrypt every EBS volume (EC26). */
export const ebsEncrypted: Check = (resources) =>
  ofType(resources, 'AWS::EC2::LaunchTemplate').flatMap(([id, r]) => {
    const mappings: any[] = r.Properties?.LaunchTemplateData?.BlockDeviceMappings ?? [];
    if (mappings.length === 0) return [`${id}: launch template declares no encrypted root volume`];
    return mappings
      .filter((m) => m.Ebs && m.Ebs.Encrypted !== true)
      .map((m) => `${id}: EBS volume ${m.DeviceName} is not encrypted`);
  });

const albAttribute = (r: { Properties?: any }, key: string) =>
  (r.Properties?.LoadBalancerAttributes ?? []).find((a: any) => a.Key === key)?.Value;

/** Application load balancers drop invalid header fields (ELB.4). */
export const albDropsInvalidHeaders: Check = (resources) =>
  ofType(resources, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
    .filter(([, r]) => (r.Properties?.Type ?? 'application') === 'application')
    .filter(([, r]) => String(albAttribute(r, 'routing.http.drop_invalid_header_fields.enabled')) !== 'true')
    .map(([id]) => `${id}: load balancer does not drop invalid header fields`);

/** Where a load balancer has an HTTPS listener, its HTTP listener only redirects to HTTPS (ELB.1). */
export const httpsRedirectWithCertificate: Check = (resources) => {
  const listeners = ofType(resources, 'AWS::ElasticLoadBalancingV2::Listener');
  const key = (r: any) => JSON.stringify(r.Properties?.LoadBalancerArn);
  const withHttps = new Set(
    listeners.filter(([, r]) => r.Properties?.Protocol === 'HTTPS').map(([, r]) => key(r)),
  );
  return listeners
    .filter(([, r]) => r.Properties?.Protocol === 'HTTP' && withHttps.has(key(r)))
    .filter(([, r]) => {
      const actions: any[] = r.Properties?.DefaultActions ?? [];
      return !(
        actions.length === 1 &&
        actions[0].Type === 'redirect' &&
        actions[0].RedirectConfig?.Protocol === 'HTTPS'
      );
    })
    .map(([id]) => `${id}: HTTP listener of a load balancer with a certificate does not redirect to HTTPS`);
};

/** Every log group has a retention (CloudWatchLogGroupRetentionPeriod). */
export const logRetentionSet: Check = (resources) =>
  ofType(resources, 'AWS::Logs::LogGroup')
    .filter(([, r]) => r.Properties?.RetentionInDays === undefined)
    .map(([id]) => `${id}: log group keeps logs forever (set RetentionInDays)`);

/** No policy statement anywhere allows every action. */
export const noWildcardAction: Check = (resources) => {
  const found: string[] = [];
  const visit = (id: string, node: unknown): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(id, n));
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if ('Effect' in obj && obj.Effect === 'Allow' && 'Action' in obj) {
      const actions = ([] as unknown[]).concat(obj.Action);
      if (actions.some((a) => a === '*')) found.push(`${id}: policy statement allows Action "*"`);
    }
    Object.values(obj).forEach((v) => visit(id, v));
  };
  for (const [id, r] of Object.entries(resources)) visit(id, r.Properties);
  return found;
};

export const EXTRA_CHECKS: Record<string, Check> = {
  imdsv2Required,
  ebsEncrypted,
  albDropsInvalidHeaders,
  httpsRedirectWithCertificate,
  logRetentionSet,
  noWildcardAction,
};

/** Every violation of every extra check in a template. */
export function extraCheckViolations(template: Template): string[] {
  const resources = template.Resources ?? {};
  return Object.entries(EXTRA_CHECKS).flatMap(([name, check]) =>
    check(resources).map((v) => `[${name}] ${v}`),
  );
}
