import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { WafSetting } from './waf-setting';
import { LoadBalancerWebAcl } from './web-acl';
import { acknowledgeNistWithReason } from '../common/nist';
import { ResourceNames } from '../config/resource-names';

/** What `protectLoadBalancer` needs: the load balancer, the chosen setting and the app's names. */
export interface WafAssociationProps {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly waf: WafSetting;
  readonly names: ResourceNames;
  readonly appName: string;
}

/**
 * Associates the chosen web ACL with an app's load balancer: a web ACL made for it
 * (`WafSetting.managed()`, returned), an existing one by ARN, or none with its reason recorded
 * for the NIST 800-53 check.
 */
export function protectLoadBalancer(
  scope: Construct,
  props: WafAssociationProps,
): LoadBalancerWebAcl | undefined {
  const { loadBalancer, waf, names, appName } = props;
  if (waf.kind === 'off') {
    acknowledgeNistWithReason(loadBalancer, 'NIST.800.53.R5-ALBWAFEnabled', waf.offReason!);
    return undefined;
  }
  if (waf.kind === 'arn') {
    new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', {
      resourceArn: loadBalancer.loadBalancerArn,
      webAclArn: waf.webAclArn!,
    });
    return undefined;
  }
  return new LoadBalancerWebAcl(scope, 'WebAcl', {
    loadBalancer,
    webAclName: names.webAclName(appName),
    alarmName: names.webAclBlockedAlarmName(appName),
    logGroupName: names.webAclLogGroupName(appName),
    // no alarmTopic: the blocked-requests alarm reaches the topic through the readable alarm rule
    options: waf.managedOptions,
  });
}
