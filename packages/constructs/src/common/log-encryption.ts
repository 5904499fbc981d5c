import { Arn, ArnFormat, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';

/** Properties of a log group created by `LogEncryption.logGroup`. */
export interface EncryptedLogGroupProps {
  /**
   * Name of the log group. It must be known at synthesis: the key policy names each log group's
   * ARN, which cannot reference the log group itself (the log group references the key).
   */
  readonly logGroupName: string;

  /** How long the log group keeps events. */
  readonly retention: logs.RetentionDays;

  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The customer managed KMS key of a stack's CloudWatch log groups: one per stack, rotation on,
 * and a key policy that lets CloudWatch Logs use it only for the log groups created through
 * `logGroup()` (an `ArnEquals` condition on `kms:EncryptionContext:aws:logs:arn`, as the
 * CloudWatch Logs user guide describes in "Encrypt log data in CloudWatch Logs using AWS KMS").
 * Readers of the logs need no KMS permission: CloudWatch Logs decrypts for them.
 *
 * @example
 * // A log group of your own, encrypted with the same key as the constructs' log groups.
 * const auditLogs = LogEncryption.of(stack).logGroup(stack, 'AuditLogs', {
 *   logGroupName: '/acme/prod/audit',
 *   retention: logs.RetentionDays.ONE_YEAR,
 * });
 */
export class LogEncryption extends Construct {
  /** The stack's log encryption, created under the stack on first use. */
  public static of(scope: IConstruct): LogEncryption {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(LogEncryption.ID);
    return (existing as LogEncryption | undefined) ?? new LogEncryption(stack, LogEncryption.ID);
  }

  private static readonly ID = 'LogEncryption';

  /** The key (symmetric, rotation on, retained when the stack is deleted: retained logs stay readable). */
  public readonly key: kms.Key;

  private readonly logGroupArns: string[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: `CloudWatch Logs encryption of the log groups of stack ${stack.stackName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForTheseLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': Lazy.list({ produce: () => this.logGroupArns }),
          },
        },
      }),
    );
  }

  /** Creates a log group encrypted with the key, and lets CloudWatch Logs use the key for it. */
  public logGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
    if (Token.isUnresolved(props.logGroupName)) {
      throw new Error(
        `LogEncryption: logGroupName of ${scope.node.path}/${id} must be known at synthesis (the key policy names it)`,
      );
    }
    this.logGroupArns.push(
      Arn.format(
        {
          service: 'logs',
          resource: 'log-group',
          resourceName: props.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        },
        Stack.of(this),
      ),
    );
    return new logs.LogGroup(scope, id, {
      logGroupName: props.logGroupName,
      retention: props.retention,
      encryptionKey: this.key,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
