import { Match, Template } from 'aws-cdk-lib/assertions';

/** The bucket's policy denies every S3 action on a request that is not over TLS (`enforceSSL`). */
export function expectDeniesPlainHttp(template: Template, bucketId: string): void {
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    },
  });
}
