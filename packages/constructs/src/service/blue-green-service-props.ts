import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { WafSetting } from './waf-setting';
import { Naming } from '../config/naming';
import { ServiceConfig } from '../config/service-config';

/** Properties of a `BlueGreenService`. */
export interface BlueGreenServiceProps {
  /** Project and environment: every resource name is built from it. */
  readonly naming: Naming;

  /** The app: its name, port, health check, path pattern, instance type, scaling and draining. */
  readonly service: ServiceConfig;

  /** VPC with public subnets (load balancer) and private subnets with egress (instances). */
  readonly vpc: ec2.IVpc;

  /**
   * ACM certificate ARN (`arn:aws:acm:<region>:<account>:certificate/<id>`). When set, a 443
   * listener with a TLS 1.2+ policy does the routing and port 80 redirects to HTTPS.
   * @default - HTTP only: the port 80 listener does the routing
   */
  readonly certificateArn?: string;

  /**
   * Why the load balancer listens on HTTP only, when there is no `certificateArn`. Recorded as the
   * acknowledgement of cdk-nag's HTTPS rules (`NIST.800.53.R5-ALBHttpToHttpsRedirection`,
   * `NIST.800.53.R5-ELBv2ACMCertificateRequired`). Not allowed together with `certificateArn`.
   * @default - no reason recorded: HTTP only without a certificate, reported by cdk-nag's NIST pack
   */
  readonly httpOnlyReason?: string;

  /**
   * AWS WAF on the load balancer: `WafSetting.managed()` (a web ACL with AWS managed rule groups,
   * a rate-based rule, metrics and a blocked-requests alarm to the alarm topic),
   * `WafSetting.fromWebAclArn(arn)` (your own web ACL) or `WafSetting.off(reason)`.
   * @default WafSetting.managed()
   */
  readonly waf?: WafSetting;

  /**
   * Protects the load balancer from deletion (turn it on for production).
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * Writes the load balancer's access logs to S3.
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * Bucket of the access logs (S3-managed encryption only: ELB cannot write to KMS-encrypted buckets).
   * The logs go under the prefix `<appName>/`.
   * @default - a new bucket: S3-managed encryption, SSL only, public access blocked, logs expire after 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Allows SSH (port 22) to the instances from the VPC's CIDR. Session Manager works either way.
   * @default true
   */
  readonly allowSshFromVpc?: boolean;

  /**
   * Topic that receives the app's alarms and failed or stopped deployments, one readable line each:
   * the pipeline's `notificationTopic` too, so share one (`NotificationTopic.create`).
   * @default - a topic of this app (`<project>-<env>-<app>-alarms`) made by `NotificationTopic.create`
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * The former name of `notificationTopic`.
   * @deprecated use `notificationTopic`
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * E-mail address subscribed to the topic this service creates (give your own topic its
   * subscriptions yourself).
   * @default - no subscription
   */
  readonly alarmEmail?: string;

  /**
   * The pipeline's artifact bucket: the instances may read its objects (CodeDeploy revisions).
   * Without it, call `grantArtifactRead(bucket)` later (the pipeline does).
   * @default - no artifact read access until `grantArtifactRead` is called
   */
  readonly artifactBucket?: s3.IBucket;

  /**
   * Retention of the application and deployment log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}
