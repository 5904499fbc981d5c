import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { validateEmail } from '../config/rules';

/** Properties of a `NotificationTopic`. */
export interface NotificationTopicProps {
  /** Name of the topic, e.g. `Naming.notificationTopicName()`. */
  readonly topicName: string;

  /**
   * E-mail address subscribed to the topic (the address confirms the subscription once).
   * @default - no subscription
   */
  readonly email?: string;
}

/**
 * The topic of readable notifications (alarms, failed deployments, failed pipelines and builds):
 * encrypted with its own KMS key (rotation on), SSL-only publishing, and a key policy that lets
 * EventBridge and CloudWatch publish to it. Share one between the services and the pipeline of an
 * environment.
 */
export class NotificationTopic {
  /**
   * Creates the topic (construct id `id`) and its key (`${id}Key`) in `scope`. The topic keeps the
   * id it always had in a stack, so existing stacks update it in place.
   *
   * @example
   * declare const naming: Naming;
   * const topic = NotificationTopic.create(stack, 'Notifications', {
   *   topicName: naming.environmentResourceNames().notificationTopic,
   *   email: 'ops@example.com',
   * });
   */
  public static create(scope: Construct, id: string, props: NotificationTopicProps): sns.Topic {
    const problems = validateEmail('NotificationTopic email', props.email);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const key = new kms.Key(scope, `${id}Key`, {
      description: `${props.topicName} topic encryption`,
      enableKeyRotation: true,
    });
    // Publishing to an encrypted topic needs the key: EventBridge rules and CloudWatch alarms (SNS
    // developer guide, "Enable compatibility between event sources from AWS services and encrypted topics").
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowNotificationPublishers',
        principals: [
          new iam.ServicePrincipal('events.amazonaws.com'),
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(scope, id, {
      topicName: props.topicName,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) {
      topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    }
    return topic;
  }

  private constructor() {}
}
