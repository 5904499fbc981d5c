import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createAccessLogsBucket } from '../common/access-logs-bucket';
import { acknowledgeNist } from '../common/nist';

/** Days an overwritten or deleted object version is kept (artifacts and their access logs). */
const NONCURRENT_VERSION_DAYS = 7;

/**
 * The bucket of the pipeline artifacts (revisions) and the build cache: KMS-encrypted with the
 * pipeline's key, SSL only, versioned, retained, expiring after `retention`, access-logged.
 */
export function createArtifactBucket(scope: Construct, key: kms.IKey, retention: Duration): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'ArtifactBucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
    versioned: true,
    lifecycleRules: [
      {
        id: 'expire-old-artifacts',
        expiration: retention,
        noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
  logAccessTo(scope, bucket);
  acknowledgeNist(bucket, 'NIST.800.53.R5-S3BucketReplicationEnabled');
  return bucket;
}

/**
 * S3 server access logging of the artifacts bucket, granted with a bucket policy to the logging
 * service (logging.s3.amazonaws.com, limited to this source bucket and account), the method the S3
 * user guide recommends over the log-delivery ACL ("Enabling Amazon S3 server access logging");
 * aws-cdk-lib uses the ACL unless a feature flag is set in the app.
 */
function logAccessTo(scope: Construct, bucket: s3.Bucket): void {
  const logBucket = createAccessLogsBucket(scope, {
    s1Reason:
      'This bucket receives the server access logs of the artifacts bucket; logging it would need another log bucket.',
    noncurrentVersionDays: NONCURRENT_VERSION_DAYS,
  });
  const prefix = 'artifacts/';
  logBucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsPolicy',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logBucket.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
      },
    }),
  );
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: logBucket.bucketName,
    logFilePrefix: prefix,
  };
}
