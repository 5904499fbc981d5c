/**
 * The boot script of a service's instances (src/service/user-data.ts) and the instance layout it
 * follows (src/service/instance-layout.ts): ComptaStar's instances keep their paths, another
 * project gets its own.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { serviceStack, userDataOf } from './fixture';
import { Naming } from '../../src/config';
import { InstanceLayout } from '../../src/service';
import { HEREDOC_END } from '../../src/service/user-data';

/** The launch template's user data, its lines, and the files it writes with a heredoc. */
function bootScript(template: Template): { lines: string[]; file: (path: string) => string } {
  const [ltId] = Object.keys(template.findResources('AWS::EC2::LaunchTemplate'));
  const script = userDataOf(template, ltId);
  return {
    lines: script.split('\n'),
    file: (path) => script.split(`cat > ${path} <<'${HEREDOC_END}'\n`)[1].split(`\n${HEREDOC_END}`)[0],
  };
}

describe('InstanceLayout', () => {
  test("ComptaStar's instances keep their paths", () => {
    const layout = InstanceLayout.of(new Naming({ projectName: 'comptastar', environment: 'dev' }));
    expect({
      appUser: layout.appUser,
      appUserHome: layout.appUserHome,
      pm2DaemonLog: layout.pm2DaemonLog,
      identityFile: layout.identityFile,
      runtimeDir: layout.runtimeDir,
      cloudWatchAgentConfig: layout.cloudWatchAgentConfig,
      appDir: layout.appDir('api'),
      logDir: layout.logDir('api'),
      outLog: layout.outLog('api'),
      errorLog: layout.errorLog('api'),
    }).toEqual({
      appUser: 'comptastar',
      appUserHome: '/home/comptastar',
      pm2DaemonLog: '/home/comptastar/.pm2/pm2.log',
      identityFile: '/etc/comptastar/identity.env',
      runtimeDir: '/opt/comptastar/.runtime',
      cloudWatchAgentConfig: '/opt/aws/amazon-cloudwatch-agent/etc/comptastar.json',
      appDir: '/opt/comptastar/api',
      logDir: '/var/log/comptastar/api',
      outLog: '/var/log/comptastar/api/out.log',
      errorLog: '/var/log/comptastar/api/error.log',
    });
  });

  test('another project gets its own user and folders', () => {
    const layout = new InstanceLayout('acme');
    expect([layout.appUser, layout.appUserHome, layout.identityFile, layout.appDir('backend')]).toEqual([
      'acme',
      '/home/acme',
      '/etc/acme/identity.env',
      '/opt/acme/backend',
    ]);
    expect([layout.logDir('backend'), layout.runtimeDir, layout.cloudWatchAgentConfig]).toEqual([
      '/var/log/acme/backend',
      '/opt/acme/.runtime',
      '/opt/aws/amazon-cloudwatch-agent/etc/acme.json',
    ]);
  });

  test('rejects a project name that cannot name a Linux user, saying why', () => {
    const long = `a${'b'.repeat(32)}`;
    expect(() => new InstanceLayout(long)).toThrow(
      `Invalid InstanceLayout: projectName "${long}" is 33 characters; the app user is named after it and a Linux user name has at most 32`,
    );
    expect(() => new InstanceLayout('Acme')).toThrow(
      /^Invalid InstanceLayout: projectName "Acme" is invalid/,
    );
  });
});

describe("a ComptaStar service's boot script", () => {
  const api = bootScript(
    serviceStack({ appName: 'api', port: 3001, healthCheck: { path: '/api/v1/health' } }).template,
  );

  test('makes the app user and its folders, then writes the identity the deploy hooks read', () => {
    const { lines, file } = api;
    expect(lines.slice(0, 2)).toEqual(['#!/bin/bash', 'set -euo pipefail']);
    expect(lines).toContain(
      'id -u comptastar >/dev/null 2>&1 || useradd --create-home --home-dir /home/comptastar --shell /bin/bash comptastar',
    );
    expect(lines).toContain('install -d -m 0755 -o comptastar -g comptastar /var/log/comptastar/api');
    expect(lines).toContain('install -d -m 0755 -o root -g root /etc/comptastar');
    expect(file('/etc/comptastar/identity.env').split('\n')).toEqual([
      'APP_NAME=api',
      'PORT=3001',
      'HEALTH_CHECK_PATH=/api/v1/health',
      'AWS_REGION=eu-west-3',
      'SSM_PATH=/dev/api/',
      'APP_USER=comptastar',
      'APP_HOME=/home/comptastar',
      'APP_DIR=/opt/comptastar/api',
      'LOG_DIR=/var/log/comptastar/api',
      'RUNTIME_DIR=/opt/comptastar/.runtime',
    ]);
    expect(lines).toContain('chown root:root /etc/comptastar/identity.env');
    expect(lines).toContain('chmod 0644 /etc/comptastar/identity.env');
  });

  test('starts the CloudWatch agent, and installs the CodeDeploy agent last', () => {
    const { lines } = api;
    const order = [
      "cat > /etc/comptastar/identity.env <<'USER_DATA_EOF'",
      'dnf install -y amazon-cloudwatch-agent',
      '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/comptastar.json',
      'dnf install -y ruby wget',
      'wget -q -O /tmp/codedeploy-install https://aws-codedeploy-eu-west-3.s3.eu-west-3.amazonaws.com/latest/install',
      '/tmp/codedeploy-install auto',
      'systemctl enable --now codedeploy-agent',
    ].map((line) => lines.indexOf(line));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(lines[lines.length - 1]).toBe('systemctl enable --now codedeploy-agent');
  });

  test('the CloudWatch agent ships the PM2 logs and the CodeDeploy logs to the app log groups', () => {
    const config = JSON.parse(api.file('/opt/aws/amazon-cloudwatch-agent/etc/comptastar.json'));
    const files = config.logs.logs_collected.files.collect_list.map((f: any) => [
      f.file_path,
      f.log_group_name,
      f.log_stream_name,
    ]);
    expect(files).toEqual([
      ['/var/log/comptastar/api/out.log', '/comptastar/dev/api/application', '{instance_id}/out'],
      ['/var/log/comptastar/api/error.log', '/comptastar/dev/api/application', '{instance_id}/error'],
      ['/home/comptastar/.pm2/pm2.log', '/comptastar/dev/api/application', '{instance_id}/pm2'],
      [
        '/var/log/aws/codedeploy-agent/codedeploy-agent.log',
        '/comptastar/dev/api/deployment',
        '{instance_id}/codedeploy-agent',
      ],
      [
        '/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log',
        '/comptastar/dev/api/deployment',
        '{instance_id}/deployments',
      ],
      ['/var/log/cloud-init-output.log', '/comptastar/dev/api/deployment', '{instance_id}/cloud-init'],
    ]);
  });
});
