import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { NotificationTopic } from '../../src';

function stack(): Stack {
  return new Stack(new App(), 'Topic');
}

describe('NotificationTopic', () => {
  test('an address gets an e-mail subscription on the encrypted topic', () => {
    // GIVEN
    const s = stack();
    // WHEN
    NotificationTopic.create(s, 'Notifications', {
      topicName: 'acme-dev-notifications',
      email: 'ops@example.com',
    });
    // THEN
    const template = Template.fromStack(s);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: {} });
  });

  test.each(['ops at example.com', 'ops@example', 'ops@@example.com', 'o ps@example.com'])(
    'refuses "%s", naming the prop',
    (email) => {
      expect(() => NotificationTopic.create(stack(), 'Notifications', { topicName: 't', email })).toThrow(
        `NotificationTopic email "${email}" is not an e-mail address`,
      );
    },
  );

  test('an address known only at deploy time (a token) is not checked', () => {
    const email = Lazy.string({ produce: () => 'ops@example.com' });
    expect(() => NotificationTopic.create(stack(), 'Notifications', { topicName: 't', email })).not.toThrow();
  });
});
