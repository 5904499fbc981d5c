import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { InstanceLayout } from './instance-layout';
import { Naming } from '../config/naming';
import { ResolvedServiceConfig } from '../config/resolved-service-config';

/** What the boot script needs to know about the app. */
export interface ServiceUserDataProps {
  readonly naming: Naming;
  readonly config: ResolvedServiceConfig;
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
 * the first failure: an instance without an agent never passes a deployment.
 */
export function renderUserData(props: ServiceUserDataProps): ec2.UserData {
  const { config, region } = props;
  const app = config.appName;
  const user = InstanceLayout.APP_USER;
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    '',
    "# 1. The app user and folders (see InstanceLayout). The app folder is the CodeDeploy agent's:",
    '#    its Install creates it and the AfterInstall hook gives it to the app user.',
    `id -u ${user} >/dev/null 2>&1 || useradd --create-home --home-dir ${InstanceLayout.APP_USER_HOME} --shell /bin/bash ${user}`,
    `install -d -m 0755 -o ${user} -g ${user} ${InstanceLayout.logDir(app)}`,
    `install -d -m 0755 -o root -g root ${dirname(InstanceLayout.IDENTITY_FILE)}`,
    '',
    '# 2. The identity the deploy hooks read (root-owned, world-readable, no secrets).',
    ...writeFile(InstanceLayout.IDENTITY_FILE, renderIdentity(props)),
    `chown root:root ${InstanceLayout.IDENTITY_FILE}`,
    `chmod 0644 ${InstanceLayout.IDENTITY_FILE}`,
    '',
    '# 3. The CloudWatch agent ships the app and deployment logs.',
    'dnf install -y amazon-cloudwatch-agent',
    ...writeFile(
      InstanceLayout.CLOUDWATCH_AGENT_CONFIG,
      JSON.stringify(renderAgentConfig(props), undefined, 2),
    ),
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${InstanceLayout.CLOUDWATCH_AGENT_CONFIG}`,
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
function renderIdentity(props: ServiceUserDataProps): string {
  const { naming, config } = props;
  const app = config.appName;
  const entries: Array<[string, string]> = [
    ['PROJECT_NAME', naming.projectName],
    ['ENVIRONMENT', naming.environment],
    ['APP_NAME', app],
    ['PORT', String(config.port)],
    ['HEALTH_CHECK_PATH', config.healthCheck.path],
    ['AWS_REGION', props.region],
    ['SSM_PATH', naming.ssmPath(app)],
    ['APP_USER', InstanceLayout.APP_USER],
    ['APP_DIR', InstanceLayout.appDir(app)],
    ['LOG_DIR', InstanceLayout.logDir(app)],
  ];
  return entries.map(([key, value]) => `${key}=${value}`).join('\n');
}

function renderAgentConfig(props: ServiceUserDataProps): unknown {
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
            file(InstanceLayout.outLog(app), props.applicationLogGroupName, 'out'),
            file(InstanceLayout.errorLog(app), props.applicationLogGroupName, 'error'),
            file(InstanceLayout.PM2_DAEMON_LOG, props.applicationLogGroupName, 'pm2'),
            file(InstanceLayout.CODEDEPLOY_AGENT_LOG, props.deploymentLogGroupName, 'codedeploy-agent'),
            file(InstanceLayout.CODEDEPLOY_DEPLOYMENTS_LOG, props.deploymentLogGroupName, 'deployments'),
            file(InstanceLayout.CLOUD_INIT_OUTPUT_LOG, props.deploymentLogGroupName, 'cloud-init'),
          ],
        },
      },
    },
  };
}

/** A quoted heredoc: the shell expands nothing inside it. */
function writeFile(path: string, content: string): string[] {
  return [`cat > ${path} <<'COMPTASTAR_EOF'`, content, 'COMPTASTAR_EOF'];
}

function dirname(path: string): string {
  return path.substring(0, path.lastIndexOf('/'));
}
