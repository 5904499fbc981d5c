import { Token } from 'aws-cdk-lib';
import type { BlueGreenServiceProps } from './blue-green-service-props';
import { validateEmail } from '../config/rules';

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[A-Za-z0-9_-]+\/[a-f0-9-]+$/;

/** Every problem of a service's props beyond its ServiceConfig, each naming the prop and the fix. */
export function serviceProblems(props: BlueGreenServiceProps): string[] {
  const problems: string[] = [];
  if (props.vpc.privateSubnets.length === 0) {
    problems.push(
      'vpc has no private subnets with egress (PRIVATE_WITH_EGRESS); the instances run in them and need outbound access for packages, SSM and CodeDeploy',
    );
  }
  if (props.vpc.publicSubnets.length === 0) {
    problems.push('vpc has no public subnets; the internet-facing load balancer runs in them');
  }
  const cert = props.certificateArn;
  if (cert !== undefined && !Token.isUnresolved(cert) && !ACM_CERTIFICATE_ARN.test(cert)) {
    problems.push(
      `certificateArn "${cert}" is not an ACM certificate ARN (expected arn:aws:acm:<region>:<account>:certificate/<id>)`,
    );
  }
  problems.push(...validateEmail('alarmEmail', props.alarmEmail));
  const waf = props.waf;
  if (waf?.kind === 'off' && !(waf.offReason ?? '').trim()) {
    problems.push('waf is WafSetting.off() without a reason; say why this load balancer needs no web ACL');
  }
  const aclArn = waf?.webAclArn;
  if (aclArn !== undefined && !Token.isUnresolved(aclArn) && !WEB_ACL_ARN.test(aclArn)) {
    problems.push(
      `waf web ACL ARN "${aclArn}" is not a regional WAFv2 web ACL ARN (expected arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`,
    );
  }
  if (props.httpOnlyReason !== undefined && cert !== undefined) {
    problems.push(
      'httpOnlyReason is set together with certificateArn; remove httpOnlyReason (the listener is HTTPS)',
    );
  }
  if (props.httpOnlyReason !== undefined && !props.httpOnlyReason.trim()) {
    problems.push(
      'httpOnlyReason is empty; say why the load balancer listens on HTTP only, or set certificateArn',
    );
  }
  if (props.notificationTopic && props.alarmTopic) {
    problems.push(
      'notificationTopic and alarmTopic are both set; alarmTopic is its former name: keep notificationTopic',
    );
  }
  if (props.accessLogs === false && props.accessLogsBucket) {
    problems.push('accessLogsBucket is set but accessLogs is false; remove one of them');
  }
  return problems;
}
