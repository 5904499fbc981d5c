/** Options of the web ACL a service creates (`WafSetting.managed()`). */
export interface ManagedWebAclOptions {
  /**
   * Requests one IP address may send in any 5-minute window before the rate-based rule blocks
   * it (10 to 2,000,000,000, the AWS WAF limits). Offices behind one NAT address share it.
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * Rules of the AWS managed common rule set to count instead of block, e.g. `SizeRestrictions_BODY`
   * when the app accepts request bodies over 8 KB (that rule blocks them).
   * @default - every rule of the group keeps its action
   */
  readonly countOnlyCommonRules?: string[];

  /**
   * Blocked requests in 5 minutes at which the blocked-requests alarm notifies the topic.
   * @default 100
   */
  readonly blockedRequestsAlarmThreshold?: number;
}

/**
 * How a service's load balancer is protected by AWS WAF: pass one as the service's `waf` prop.
 *
 * @example
 * // The default: a web ACL made for the load balancer; this one allows 5000 requests per IP
 * // address in 5 minutes and counts (does not block) request bodies over 8 KB.
 * const managed = WafSetting.managed({ rateLimit: 5000, countOnlyCommonRules: ['SizeRestrictions_BODY'] });
 * // A web ACL of your own, shared by several load balancers.
 * const shared = WafSetting.fromWebAclArn('arn:aws:wafv2:eu-west-3:111111111111:regional/webacl/shared/0f1e2d3c');
 * // None, with the reason cdk-nag records.
 * const off = WafSetting.off('internal test environment, reachable from the office VPN only');
 */
export class WafSetting {
  /**
   * A web ACL made for this load balancer: AWS managed rule groups (IP reputation list, common
   * rule set, known bad inputs), a rate-based rule per IP address, CloudWatch metrics and a
   * blocked-requests alarm.
   */
  public static managed(options: ManagedWebAclOptions = {}): WafSetting {
    return new WafSetting('managed', options, undefined, undefined);
  }

  /** An existing regional web ACL (`arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`), associated with the load balancer. */
  public static fromWebAclArn(webAclArn: string): WafSetting {
    return new WafSetting('arn', undefined, webAclArn, undefined);
  }

  /**
   * No web ACL. The reason is recorded as the acknowledgement of cdk-nag's WAF rule
   * (`NIST.800.53.R5-ALBWAFEnabled`), so say why this load balancer needs none.
   */
  public static off(reason: string): WafSetting {
    return new WafSetting('off', undefined, undefined, reason);
  }

  /** `managed`, `arn` or `off`. */
  public readonly kind: string;
  /** Options of a managed web ACL. */
  public readonly managedOptions?: ManagedWebAclOptions;
  /** ARN of an existing web ACL. */
  public readonly webAclArn?: string;
  /** Why there is no web ACL. */
  public readonly offReason?: string;

  private constructor(
    kind: string,
    managedOptions?: ManagedWebAclOptions,
    webAclArn?: string,
    offReason?: string,
  ) {
    this.kind = kind;
    this.managedOptions = managedOptions;
    this.webAclArn = webAclArn;
    this.offReason = offReason;
  }
}
