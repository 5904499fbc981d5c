import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ManagedWebAclOptions } from './waf-setting';
import { LogEncryption } from '../common/log-encryption';

/** Properties of a `LoadBalancerWebAcl`. */
export interface LoadBalancerWebAclProps {
  /** The load balancer to protect. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /** Name of the web ACL, also its metric name (letters, digits, hyphens, underscores; at most 128). */
  readonly webAclName: string;

  /** Name of the blocked-requests alarm. */
  readonly alarmName: string;

  /** Name of the log group of the web ACL's logs; must start with `aws-waf-logs-`. */
  readonly logGroupName: string;

  /**
   * Retention of the web ACL's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Topic of the blocked-requests alarm.
   * @default - the alarm has no action
   */
  readonly alarmTopic?: sns.ITopic;

  /** Rate limit, count-only rules, alarm threshold. */
  readonly options?: ManagedWebAclOptions;
}

/** The AWS managed rule groups of the web ACL, in evaluation order. */
const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];
const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';
/** Request headers that carry credentials, kept out of the web ACL's logs. */
const REDACTED_HEADERS = ['authorization', 'cookie'];

/**
 * A regional AWS WAF web ACL associated with one Application Load Balancer: the AWS managed IP
 * reputation list, common rule set and known bad inputs rule groups, then a rate-based rule per
 * IP address (AWS WAF developer guide, "AWS Managed Rules rule groups list" and "Using rate-based
 * rule statements"); requests no rule blocks are allowed. Every rule sends CloudWatch metrics
 * (namespace `AWS/WAFV2`) and samples; an alarm on `BlockedRequests` of the whole ACL
 * (dimension `Rule=ALL`) notifies the topic, since a surge of blocks is an attack or a rule
 * blocking real users.
 *
 * @example
 * declare const loadBalancer: elbv2.IApplicationLoadBalancer;
 * declare const alarmTopic: sns.ITopic;
 * new LoadBalancerWebAcl(stack, 'WebAcl', {
 *   loadBalancer,
 *   webAclName: 'acme-prod-backend-waf',
 *   alarmName: 'acme-prod-backend-waf-blocked',
 *   logGroupName: 'aws-waf-logs-acme-prod-backend',
 *   alarmTopic,
 *   options: { rateLimit: 5000 },
 * });
 */
export class LoadBalancerWebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** ARN of the web ACL. */
  public readonly webAclArn: string;
  /** Requests blocked by any rule, per 5 minutes. */
  public readonly blockedRequestsMetric: cloudwatch.Metric;
  /** In ALARM when the web ACL blocks at least the threshold in 5 minutes. */
  public readonly blockedRequestsAlarm: cloudwatch.Alarm;
  /** Log group of the web ACL's request logs (authorization and cookie headers redacted). */
  public readonly logGroup: logs.ILogGroup;
  /** Name of the web ACL. */
  public readonly webAclName: string;
  /** Name of the blocked-requests alarm. */
  public readonly alarmName: string;
  /** Requests per 5 minutes per IP address above which the rate-based rule blocks. */
  public readonly rateLimit: number;
  /** Blocked requests in 5 minutes that put the alarm in ALARM. */
  public readonly blockedRequestsAlarmThreshold: number;

  constructor(scope: Construct, id: string, props: LoadBalancerWebAclProps) {
    super(scope, id);
    const options = props.options ?? {};
    const rateLimit = options.rateLimit ?? 2000;
    const countOnly = options.countOnlyCommonRules ?? [];
    const threshold = options.blockedRequestsAlarmThreshold ?? 100;
    const problems: string[] = [];
    if (
      !Token.isUnresolved(rateLimit) &&
      (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000)
    ) {
      problems.push(
        `rateLimit is ${rateLimit}; allowed: an integer from 10 to 2000000000 requests per 5 minutes`,
      );
    }
    if (!Number.isInteger(threshold) || threshold < 1) {
      problems.push(`blockedRequestsAlarmThreshold is ${threshold}; allowed: an integer of at least 1`);
    }
    for (const rule of countOnly) {
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(rule)) {
        problems.push(
          `countOnlyCommonRules has "${rule}", not a rule name (letters, digits, _ and -, e.g. "SizeRestrictions_BODY")`,
        );
      }
    }
    if (!props.logGroupName.startsWith('aws-waf-logs-')) {
      problems.push(
        `logGroupName "${props.logGroupName}" must start with "aws-waf-logs-" (AWS WAF logging destinations)`,
      );
    }
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(props.webAclName)) {
      problems.push(
        `webAclName "${props.webAclName}" may only contain letters, digits, hyphens and underscores (1 to 128)`,
      );
    }
    if (problems.length > 0) {
      throw new Error(`Invalid web ACL ${this.node.path}:\n  - ${problems.join('\n  - ')}`);
    }
    this.webAclName = props.webAclName;
    this.alarmName = props.alarmName;
    this.rateLimit = rateLimit;
    this.blockedRequestsAlarmThreshold = threshold;

    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ruleActionOverrides:
            name === COMMON_RULE_SET && countOnly.length > 0
              ? countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } }))
              : undefined,
        },
      },
      visibilityConfig: visibility(`${props.webAclName}-${name}`),
    }));
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: MANAGED_RULE_GROUPS.length,
      action: { block: {} },
      statement: {
        rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
      },
      visibilityConfig: visibility(`${props.webAclName}-RateLimitPerIp`),
    };
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.webAclName,
      description: `Managed rule groups and a ${rateLimit} requests / 5 min / IP rate limit`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules: [...managedRules, rateRule],
      visibilityConfig: visibility(props.webAclName),
    });
    this.webAclArn = this.webAcl.attrArn;
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAclArn,
    });

    // Logs of every request the ACL evaluates, to a log group encrypted with the stack's log key
    // (AWS WAF developer guide, "Sending web ACL traffic logs to an Amazon CloudWatch Logs log
    // group": the name starts with aws-waf-logs-, the destination ARN has no trailing :*; AWS WAF
    // adds the log group resource policy for delivery.logs.amazonaws.com). Credentials stay out.
    this.logGroup = LogEncryption.of(this).logGroup(this, 'Logs', {
      logGroupName: props.logGroupName,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: props.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(this.logGroup);

    this.blockedRequestsMetric = new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: props.webAclName, Region: Stack.of(this).region, Rule: 'ALL' },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
    this.blockedRequestsAlarm = new cloudwatch.Alarm(this, 'BlockedRequestsAlarm', {
      alarmName: props.alarmName,
      alarmDescription: `${props.webAclName}: ${threshold} or more requests blocked in 5 minutes (an attack, or a rule blocking real users: see the sampled requests)`,
      metric: this.blockedRequestsMetric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) {
      this.blockedRequestsAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
    }
  }
}
