import { fromIni } from '@aws-sdk/credential-providers';
import { CommanderError } from 'commander';
import { CliError, describeAwsError, isAwsError, reportCliFailure } from '../src/errors';

/** An error as the SDK's clients throw it: a name, a message and the response metadata. */
function serviceError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/** What the SDK's SSO credential provider throws once `aws sso login`'s token has expired. */
function ssoExpired(): Error {
  const e = new Error(
    'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
  );
  e.name = 'CredentialsProviderError';
  return e;
}

/** The SDK's HTTP handler on a refused connection. */
function refused(): Error {
  return Object.assign(new Error('AWS SDK error wrapper for connect ECONNREFUSED 127.0.0.1:9'), {
    code: 'ECONNREFUSED',
  });
}

describe('describeAwsError: one line, with what to do', () => {
  test('no credentials: the SDK says why (the real provider here), the line says the ways in', async () => {
    const error = await fromIni({
      profile: 'nobody',
      filepath: '/nonexistent/credentials',
      configFilepath: '/nonexistent/config',
    })().catch((e: Error) => e);
    expect(isAwsError(error)).toBe(true);
    expect(describeAwsError(error as Error)).toBe(
      'no AWS credentials found (Could not resolve credentials using profile: [nobody] in configuration/credentials file(s).): ' +
        'pass --profile <name> (or set AWS_PROFILE), run `aws sso login` for an SSO profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    );
  });

  test.each([
    [
      'an expired SSO session',
      ssoExpired(),
      'the AWS session has expired (CredentialsProviderError): log in again (`aws sso login` for an SSO profile) or refresh the keys',
    ],
    [
      'an expired session token',
      serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
      'the AWS session has expired (ExpiredTokenException): log in again (`aws sso login` for an SSO profile) or refresh the keys',
    ],
    [
      'no Region',
      new Error('Region is missing'),
      'no AWS Region configured: pass --region or set AWS_REGION',
    ],
    [
      'access denied (JSON protocols)',
      serviceError(
        'AccessDeniedException',
        'User: arn:aws:iam::1:user/a is not authorized to perform: ssm:PutParameter',
      ),
      'access denied: User: arn:aws:iam::1:user/a is not authorized to perform: ssm:PutParameter',
    ],
    [
      'access denied (query protocols)',
      serviceError(
        'AccessDenied',
        'User: arn:aws:iam::1:user/a is not authorized to perform: autoscaling:UpdateAutoScalingGroup',
      ),
      'access denied: User: arn:aws:iam::1:user/a is not authorized to perform: autoscaling:UpdateAutoScalingGroup',
    ],
    [
      'a key KMS refused',
      serviceError('KMSInvalidStateException', 'the key is pending deletion'),
      'KMS refused the key (check kms:Decrypt/kms:Encrypt on the key that encrypts the data): KMSInvalidStateException: the key is pending deletion',
    ],
    [
      'an endpoint that refuses the connection',
      refused(),
      'cannot reach the AWS endpoint (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9',
    ],
    [
      'any other service error',
      serviceError('ThrottlingException', 'Rate\n  exceeded'),
      'ThrottlingException: Rate exceeded',
    ],
  ])('%s', (_, error, line) => {
    expect(isAwsError(error)).toBe(true);
    expect(describeAwsError(error)).toBe(line);
  });

  test('the caller names the service whose endpoint could not be reached', () => {
    expect(describeAwsError(refused(), { service: 'SSM' })).toBe(
      'cannot reach the SSM endpoint (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  test('bugs of ours are not AWS errors', () => {
    expect(isAwsError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isAwsError('ECONNREFUSED')).toBe(false);
  });
});

describe('reportCliFailure: the exit code, and one line `<name>: …` for an expected failure', () => {
  function report(error: unknown): { code: number; printed: string } {
    let printed = '';
    const code = reportCliFailure(error, {
      name: 'param-tool',
      stderr: (t) => (printed += t),
      service: 'SSM',
      cancelled: 'nothing written',
    });
    return { code, printed };
  }

  test.each([
    [
      'a CliError keeps its exit code',
      new CliError('2 invalid entries', 2),
      2,
      'param-tool: 2 invalid entries\n',
    ],
    [
      'an AWS error is explained',
      refused(),
      1,
      'param-tool: cannot reach the SSM endpoint (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9\n',
    ],
    [
      'a cancelled prompt says what was changed',
      Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' }),
      1,
      'param-tool: cancelled: nothing written\n',
    ],
    ['commander already printed its own error', new CommanderError(1, 'commander.unknownOption', 'x'), 1, ''],
  ])('%s', (_, error, code, printed) => {
    expect(report(error)).toEqual({ code, printed });
  });

  test('anything else is a bug: rethrown with its stack', () => {
    const bug = new TypeError('x is undefined');
    expect(() => report(bug)).toThrow(bug);
  });
});
