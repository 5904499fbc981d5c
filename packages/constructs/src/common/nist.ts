import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag NIST 800-53 R5 findings the constructs acknowledge, each with its reason: the one
 * place these reasons are written (packages/constructs/README.md shows them as a table; a test
 * keeps the two equal). Rules whose reason comes from the caller (`WafSetting.off(reason)`,
 * `httpOnlyReason`) are in `NIST_CALLER_REASON_RULES`.
 */
export const NIST_REASONS = {
  'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW':
    "The public subnets' default route to the internet gateway is what makes the internet-facing load balancers and the NAT gateways work; instances run in private subnets without it.",
  'NIST.800.53.R5-IAMNoInlinePolicy':
    'Each role has its own least-privilege policy, written in code next to the resources it names and reviewed with them; a managed policy would only make it attachable to other roles.',
  'NIST.800.53.R5-EC2RestrictedSSH':
    'SSH (22) is open from the VPC CIDR only, never from the internet (a stated management requirement; allowSshFromVpc: false closes it; Session Manager works without it).',
  'NIST.800.53.R5-EC2RestrictedCommonPorts':
    'The only common port open on the instances is SSH from the VPC CIDR (see EC2RestrictedSSH); the app port is open to the load balancer security group only.',
  'NIST.800.53.R5-S3BucketReplicationEnabled':
    'Artifacts are rebuilt from git on the next push and logs are kept for a bounded time; versioning (with old versions expiring) protects against overwrites, a second-region copy would add cost without a recovery need.',
  'NIST.800.53.R5-S3DefaultEncryptionKMS':
    'Log buckets use SSE-S3: Elastic Load Balancing cannot write access logs to a bucket encrypted with a KMS key (ELB user guide, access log bucket requirements; aws-cdk issue 21947), and the S3 server access log bucket is kept alike.',
  'NIST.800.53.R5-S3BucketLoggingEnabled':
    'A log bucket itself: logging its access would need another log bucket, without end; its writers are AWS services (Elastic Load Balancing, S3 log delivery).',
  'NIST.800.53.R5-LambdaInsideVPC':
    'The fleet handler and the provider framework only call AWS APIs (Auto Scaling, CodeDeploy, CloudWatch, SSM) and reach nothing inside the VPC; in the VPC they would need the NAT gateway or interface endpoints for the same calls.',
  'NIST.800.53.R5-CloudWatchAlarmAction':
    "A service's alarms (rollback, fleet, WAF) notify through one EventBridge rule on their state change, which sends the topic a readable line with the app, the environment, the alarm's meaning and the command to run; an SNS alarm action would send CloudWatch's raw message a second time. CodeDeploy reads the rollback alarms' state itself.",
  'NIST.800.53.R5-ELBDeletionProtectionEnabled':
    "deletionProtection is off for this load balancer (the construct's default, for environments torn down with cdk destroy); turn it on for production, as the app does.",
} as const;

/** A NIST rule the constructs acknowledge with their own reason. */
export type NistRule = keyof typeof NIST_REASONS;

/** NIST rules acknowledged with the reason the caller gives, and the setting that carries it. */
export const NIST_CALLER_REASON_RULES = {
  'NIST.800.53.R5-ALBWAFEnabled': 'the reason of `WafSetting.off(reason)` (no web ACL on this load balancer)',
  'NIST.800.53.R5-ALBHttpToHttpsRedirection': 'the `httpOnlyReason` of a service without a certificate',
  'NIST.800.53.R5-ELBv2ACMCertificateRequired': 'the `httpOnlyReason` of a service without a certificate',
} as const;

/** Why the port 80 listener of a load balancer with a certificate needs none. */
export const NIST_HTTP_REDIRECT_REASON =
  'With a certificate, the port 80 listener only answers 301 to HTTPS and serves nothing; the 443 listener has the ACM certificate and a TLS 1.2+ policy.';

/** Acknowledges NIST rules on a scope (and everything under it) with the reasons of `NIST_REASONS`. */
export function acknowledgeNist(scope: IConstruct, ...rules: NistRule[]): void {
  Validations.of(scope).acknowledge(...rules.map((id) => ({ id, reason: NIST_REASONS[id] })));
}

/** Acknowledges a NIST rule whose reason the caller gave. */
export function acknowledgeNistWithReason(
  scope: IConstruct,
  rule: keyof typeof NIST_CALLER_REASON_RULES,
  reason: string,
): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}
