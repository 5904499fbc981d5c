import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { identityEntries } from './hook-contract';
import { InstanceLayout } from './instance-layout';
import { Naming } from '../config/naming';
import { ResolvedHealthCheck, ResolvedServiceConfig } from '../config/resolved-service-config';

/** What the boot script needs to know about the app. */
export interface ServiceUserDataProps {
  readonly naming: Naming;
  /** The service's app: its name, port and health check path go into the identity file. */
  readonly config: Pick<ResolvedServiceConfig, 'appName' | 'port'> & {
    readonly healthCheck: Pick<ResolvedHealthCheck, 'path'>;
  };
  /** Region of the stack (may be a token): identity file and CodeDeploy agent download. */
  readonly region: string;
  readonly applicationLogGroupName: string;
  readonly deploymentLogGroupName: string;
}

/**
 * The boot script of an instance (Amazon Linux 2023, run as root by cloud-init):
 * app user and folders, the identity file, the CloudWatch agent, and the CodeDeploy agent LAST,
 * because the agent may take a deployment as soon as it runs and cloud-init must be done by then
 * (CodeDeploy user guide, "Order of events in an Auto Scaling group"). `set -e` stops the script on
 * the first failure: an instance without an agent never passes a deployment. Every path comes
 * from the project's InstanceLayout.
 */
export function renderUserData(props: ServiceUserDataProps): ec2.UserData {
  const { naming, config, region } = props;
  const app = config.appName;
  const layout = InstanceLayout.of(naming);
  const user = layout.appUser;
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    '',
    "# 1. The app user and folders (see InstanceLayout). The app folder is the CodeDeploy agent's:",
    '#    its Install creates it and the AfterInstall hook gives it to the app user.',
    `id -u ${user} >/dev/null 2>&1 || useradd --create-home --home-dir ${layout.appUserHome} --shell /bin/bash ${user}`,
    `install -d -m 0755 -o ${user} -g ${user} ${layout.logDir(app)}`,
    `install -d -m 0755 -o root -g root ${dirname(layout.identityFile)}`,
    '',
    '# 2. The identity the deploy hooks read (root-owned, world-readable, no secrets).',
    ...writeFile(layout.identityFile, renderIdentity(layout, props)),
    `chown root:root ${layout.identityFile}`,
    `chmod 0644 ${layout.identityFile}`,
    '',
    '# 3. The CloudWatch agent ships the app and deployment logs.',
    'dnf install -y amazon-cloudwatch-agent',
    ...writeFile(
      layout.cloudWatchAgentConfig,
      JSON.stringify(renderAgentConfig(layout, props), undefined, 2),
    ),
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${layout.cloudWatchAgentConfig}`,
    '',
    '# 4. LAST: the CodeDeploy agent (agent >= 1.6 runs on the Ruby 3.2 of Amazon Linux 2023).',
    'dnf install -y ruby wget',
    `wget -q -O /tmp/codedeploy-install https://aws-codedeploy-${region}.s3.${region}.amazonaws.com/latest/install`,
    'chmod +x /tmp/codedeploy-install',
    '/tmp/codedeploy-install auto',
    'systemctl enable --now codedeploy-agent',
  );
  return userData;
}

/**
 * `KEY=value` lines, unquoted: the hooks parse the file without executing it (deploy-hooks'
 * `load_identity`), and every value is a validated name, number, path or region without spaces.
 */
function renderIdentity(layout: InstanceLayout, props: ServiceUserDataProps): string {
  const { naming, config, region } = props;
  return identityEntries(layout, {
    naming,
    appName: config.appName,
    port: config.port,
    healthCheckPath: config.healthCheck.path,
    region,
  })
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

function renderAgentConfig(layout: InstanceLayout, props: ServiceUserDataProps): unknown {
  const app = props.config.appName;
  const file = (path: string, group: string, stream: string) => ({
    file_path: path,
    log_group_name: group,
    log_stream_name: `{instance_id}/${stream}`,
    timezone: 'UTC',
  });
  return {
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            file(layout.outLog(app), props.applicationLogGroupName, 'out'),
            file(layout.errorLog(app), props.applicationLogGroupName, 'error'),
            file(layout.pm2DaemonLog, props.applicationLogGroupName, 'pm2'),
            file(InstanceLayout.CODEDEPLOY_AGENT_LOG, props.deploymentLogGroupName, 'codedeploy-agent'),
            file(InstanceLayout.CODEDEPLOY_DEPLOYMENTS_LOG, props.deploymentLogGroupName, 'deployments'),
            file(InstanceLayout.CLOUD_INIT_OUTPUT_LOG, props.deploymentLogGroupName, 'cloud-init'),
          ],
        },
      },
    },
  };
}

/** The end marker of the quoted heredocs below. */
export const HEREDOC_END = 'USER_DATA_EOF';

/** A quoted heredoc: the shell expands nothing inside it. */
function writeFile(path: string, content: string): string[] {
  return [`cat > ${path} <<'${HEREDOC_END}'`, content, HEREDOC_END];
}

function dirname(path: string): string {
  return path.substring(0, path.lastIndexOf('/'));
}
