/**
 * The instance contract: where things live on an instance of a ComptaStarService.
 *
 * The launch template's user data creates these users, folders and files; the deploy hooks
 * (packages/deploy-hooks) and the CloudWatch agent configuration read them. Both sides take the
 * values from here, so a path changes in one place only.
 */
export class InstanceLayout {
  /** Non-root user that owns the app directory and runs PM2 and the app. */
  public static readonly APP_USER = 'comptastar';

  /** Home directory of the app user; PM2 keeps its state in `${APP_USER_HOME}/.pm2`. */
  public static readonly APP_USER_HOME = '/home/comptastar';

  /** PM2 daemon log of the app user (`$PM2_HOME/pm2.log`). */
  public static readonly PM2_DAEMON_LOG = '/home/comptastar/.pm2/pm2.log';

  /**
   * Root-owned (0644) file written at boot with the instance's identity, one unquoted `KEY=value`
   * line each: PROJECT_NAME, ENVIRONMENT, APP_NAME, PORT, HEALTH_CHECK_PATH, AWS_REGION, SSM_PATH,
   * APP_USER, APP_DIR, LOG_DIR. The hooks parse it without executing it.
   */
  public static readonly IDENTITY_FILE = '/etc/comptastar/identity.env';

  /** Configuration file of the CloudWatch agent written by the user data. */
  public static readonly CLOUDWATCH_AGENT_CONFIG = '/opt/aws/amazon-cloudwatch-agent/etc/comptastar.json';

  /** CodeDeploy agent log (shipped to the deployment log group). */
  public static readonly CODEDEPLOY_AGENT_LOG = '/var/log/aws/codedeploy-agent/codedeploy-agent.log';

  /** CodeDeploy hook output of every deployment (shipped to the deployment log group). */
  public static readonly CODEDEPLOY_DEPLOYMENTS_LOG =
    '/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log';

  /** cloud-init output, i.e. this user data's own log (shipped to the deployment log group). */
  public static readonly CLOUD_INIT_OUTPUT_LOG = '/var/log/cloud-init-output.log';

  /**
   * Directory the revision of an app is installed to: `/opt/comptastar/<app>`. The CodeDeploy
   * agent's Install creates it (root's) and owns what it copies to the appspec's owner; the
   * AfterInstall hook gives the folder itself to APP_USER.
   */
  public static appDir(appName: string): string {
    return `/opt/comptastar/${appName}`;
  }

  /** Directory of an app's process logs, owned by the app user: `/var/log/comptastar/<app>`. */
  public static logDir(appName: string): string {
    return `/var/log/comptastar/${appName}`;
  }

  /** The app's standard output as written by PM2 (`out_file`): `/var/log/comptastar/<app>/out.log`. */
  public static outLog(appName: string): string {
    return `${InstanceLayout.logDir(appName)}/out.log`;
  }

  /** The app's standard error as written by PM2 (`error_file`): `/var/log/comptastar/<app>/error.log`. */
  public static errorLog(appName: string): string {
    return `${InstanceLayout.logDir(appName)}/error.log`;
  }

  private constructor() {}
}
