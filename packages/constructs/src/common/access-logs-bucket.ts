import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNist } from './nist';

/** Days the access logs are kept. */
const ACCESS_LOG_DAYS = 90;
/** Days an incomplete multipart upload is kept before S3 aborts it. */
const INCOMPLETE_UPLOAD_DAYS = 1;

/** What differs between the log buckets. */
export interface AccessLogsBucketOptions {
  /** Whose logs the bucket receives, for the cdk-nag AwsSolutions-S1 acknowledgement (why it is not logged itself). */
  readonly s1Reason: string;
  /** Days a deleted or overwritten log object version is kept (the bucket is versioned). */
  readonly noncurrentVersionDays: number;
}

/**
 * A bucket that receives AWS services' access logs (the load balancer's, or S3 server access logs of
 * another bucket): SSE-S3, because Elastic Load Balancing cannot write to a bucket encrypted with a
 * KMS key (ELB user guide, "Access logs for your Application Load Balancer", bucket requirements),
 * SSL only, private, owner-enforced, versioned, retained, logs expiring after 90 days.
 */
export function createAccessLogsBucket(scope: Construct, options: AccessLogsBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogsBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'expire-access-logs',
        expiration: Duration.days(ACCESS_LOG_DAYS),
        noncurrentVersionExpiration: Duration.days(options.noncurrentVersionDays),
        abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
      },
    ],
  });
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: options.s1Reason });
  acknowledgeNist(
    bucket,
    'NIST.800.53.R5-S3BucketLoggingEnabled',
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'NIST.800.53.R5-S3DefaultEncryptionKMS',
  );
  return bucket;
}
