import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createAccessLogsBucket } from '../common/access-logs-bucket';
import { acknowledgeNist, acknowledgeNistWithReason, NIST_HTTP_REDIRECT_REASON } from '../common/nist';
import { ResolvedServiceConfig } from '../config/resolved-service-config';

/** Days an overwritten or deleted access log object is kept (the log bucket is versioned). */
const NONCURRENT_LOG_VERSION_DAYS = 30;
/** Priority of the forwarding rule of the app's path pattern. */
const FORWARD_RULE_PRIORITY = 10;

export interface LoadBalancerOptions {
  readonly vpc: ec2.IVpc;
  readonly config: ResolvedServiceConfig;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly deletionProtection: boolean;
  readonly certificateArn?: string;
  readonly httpOnlyReason?: string;
  readonly accessLogs: boolean;
  readonly accessLogsBucket?: s3.IBucket;
}

/** The app's load balancer, its target group and listeners. */
export interface ServiceLoadBalancer {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The listener that routes the app's path pattern (443 with a certificate, else 80). */
  readonly listener: elbv2.ApplicationListener;
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * An internet-facing ALB in the public subnets; the app's path pattern goes to its target group,
 * any other path gets a 404. With a certificate, 443 routes (TLS 1.2+) and 80 redirects.
 */
export function createLoadBalancer(scope: Construct, o: LoadBalancerOptions): ServiceLoadBalancer {
  const { config } = o;
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: o.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    internetFacing: true,
    loadBalancerName: config.loadBalancerName,
    securityGroup: o.securityGroup,
    dropInvalidHeaderFields: true,
    deletionProtection: o.deletionProtection,
  });
  if (!o.deletionProtection) {
    acknowledgeNist(loadBalancer, 'NIST.800.53.R5-ELBDeletionProtectionEnabled');
  }
  if (!o.certificateArn && o.httpOnlyReason) {
    acknowledgeNistWithReason(loadBalancer, 'NIST.800.53.R5-ALBHttpToHttpsRedirection', o.httpOnlyReason);
    acknowledgeNistWithReason(loadBalancer, 'NIST.800.53.R5-ELBv2ACMCertificateRequired', o.httpOnlyReason);
  }
  let accessLogsBucket: s3.IBucket | undefined;
  if (o.accessLogs) {
    accessLogsBucket =
      o.accessLogsBucket ??
      createAccessLogsBucket(scope, {
        s1Reason:
          'This bucket only receives the load balancer access logs; logging access to it would need another log bucket for no audit gain (writes come from the ELB service only).',
        noncurrentVersionDays: NONCURRENT_LOG_VERSION_DAYS,
      });
    loadBalancer.logAccessLogs(accessLogsBucket, config.appName);
  }

  const hc = config.healthCheck;
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', {
    vpc: o.vpc,
    targetGroupName: config.targetGroupName,
    targetType: elbv2.TargetType.INSTANCE,
    protocol: elbv2.ApplicationProtocol.HTTP,
    port: config.port,
    deregistrationDelay: Duration.seconds(config.deregistrationDelaySeconds),
    healthCheck: {
      enabled: true,
      protocol: elbv2.Protocol.HTTP,
      path: hc.path,
      interval: Duration.seconds(hc.intervalSeconds),
      timeout: Duration.seconds(hc.timeoutSeconds),
      healthyThresholdCount: hc.healthyThreshold,
      unhealthyThresholdCount: hc.unhealthyThreshold,
      healthyHttpCodes: hc.matcher,
    },
  });
  const listener = createListeners(loadBalancer, o.certificateArn);
  listener.addTargetGroups('Forward', {
    priority: FORWARD_RULE_PRIORITY,
    conditions: [elbv2.ListenerCondition.pathPatterns([config.pathPattern])],
    targetGroups: [targetGroup],
  });
  return { loadBalancer, targetGroup, listener, accessLogsBucket };
}

function createListeners(
  loadBalancer: elbv2.ApplicationLoadBalancer,
  certificateArn: string | undefined,
): elbv2.ApplicationListener {
  const notFound = elbv2.ListenerAction.fixedResponse(404, {
    contentType: 'text/plain',
    messageBody: 'Not Found',
  });
  if (!certificateArn) {
    return loadBalancer.addListener('HttpListener', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: false,
      defaultAction: notFound,
    });
  }
  const redirect = loadBalancer.addListener('HttpListener', {
    protocol: elbv2.ApplicationProtocol.HTTP,
    port: 80,
    open: false,
    defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
  });
  acknowledgeNistWithReason(
    redirect,
    'NIST.800.53.R5-ELBv2ACMCertificateRequired',
    NIST_HTTP_REDIRECT_REASON,
  );
  return loadBalancer.addListener('HttpsListener', {
    protocol: elbv2.ApplicationProtocol.HTTPS,
    port: 443,
    open: false,
    certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
    sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    defaultAction: notFound,
  });
}
