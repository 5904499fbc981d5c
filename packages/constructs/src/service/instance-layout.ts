import { Naming } from '../config/naming';
import { validateName } from '../config/rules';

/**
 * Where things live on an instance of a service, derived from the project's name: the one place
 * that builds the instance paths.
 *
 * The launch template's user data creates the user, folders and identity file; the build passes
 * the app's layout to `deploy-hooks bundle --layout`, which puts the revision's files there and
 * tells the deploy hooks where the identity file is; the hooks read every other path from that
 * file. For project `acme`: user `acme`, `/opt/acme/<app>`, `/var/log/acme/<app>`,
 * `/etc/acme/identity.env`.
 *
 * @example
 * const layout = InstanceLayout.of(new Naming({ projectName: 'acme', environment: 'prod' }));
 * layout.appUser; // 'acme': owns the app folder, runs PM2 and the app
 * layout.appDir('backend'); // '/opt/acme/backend': where the revision is installed
 * layout.outLog('backend'); // '/var/log/acme/backend/out.log': shipped to the application log group
 * layout.identityFile; // '/etc/acme/identity.env': read by the deploy hooks
 */
export class InstanceLayout {
  /** CodeDeploy agent log (shipped to the deployment log group); the agent fixes it. */
  public static readonly CODEDEPLOY_AGENT_LOG = '/var/log/aws/codedeploy-agent/codedeploy-agent.log';

  /** CodeDeploy hook output of every deployment (shipped to the deployment log group); the agent fixes it. */
  public static readonly CODEDEPLOY_DEPLOYMENTS_LOG =
    '/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log';

  /** cloud-init output, i.e. the user data's own log (shipped to the deployment log group). */
  public static readonly CLOUD_INIT_OUTPUT_LOG = '/var/log/cloud-init-output.log';

  /** Longest Linux user name useradd(8) accepts: the app user is named after the project. */
  public static readonly MAX_PROJECT_NAME_LENGTH = 32;

  /** The layout of a project's instances. */
  public static of(naming: Naming): InstanceLayout {
    return new InstanceLayout(naming.projectName);
  }

  /** The project the layout is named after. */
  public readonly projectName: string;

  /** Non-root user that owns the app directory and runs PM2 and the app: `<project>`. */
  public readonly appUser: string;

  /** Home directory of the app user, `/home/<project>`; PM2 keeps its state in `~/.pm2`. */
  public readonly appUserHome: string;

  /** PM2 daemon log of the app user: `/home/<project>/.pm2/pm2.log`. */
  public readonly pm2DaemonLog: string;

  /**
   * Root-owned (0644) file the user data writes with the instance's identity, one unquoted
   * `KEY=value` line each (the deploy hooks parse it without executing it):
   * `/etc/<project>/identity.env`.
   */
  public readonly identityFile: string;

  /** Where the BeforeInstall hook unpacks the PM2 a revision ships: `/opt/<project>/.runtime`. */
  public readonly runtimeDir: string;

  /** Configuration file of the CloudWatch agent: `/opt/aws/amazon-cloudwatch-agent/etc/<project>.json`. */
  public readonly cloudWatchAgentConfig: string;

  /**
   * @param projectName the project's name (see `NamingProps.projectName`), at most 32 characters
   */
  constructor(projectName: string) {
    const problems = validateName('projectName', projectName);
    if (projectName.length > InstanceLayout.MAX_PROJECT_NAME_LENGTH) {
      problems.push(
        `projectName "${projectName}" is ${projectName.length} characters; the app user is named after it and ` +
          `a Linux user name has at most ${InstanceLayout.MAX_PROJECT_NAME_LENGTH}`,
      );
    }
    if (problems.length > 0) {
      throw new Error(`Invalid InstanceLayout: ${problems.join('; ')}`);
    }
    this.projectName = projectName;
    this.appUser = projectName;
    this.appUserHome = `/home/${projectName}`;
    this.pm2DaemonLog = `${this.appUserHome}/.pm2/pm2.log`;
    this.identityFile = `/etc/${projectName}/identity.env`;
    this.runtimeDir = `/opt/${projectName}/.runtime`;
    this.cloudWatchAgentConfig = `/opt/aws/amazon-cloudwatch-agent/etc/${projectName}.json`;
  }

  /**
   * Directory an app's revision is installed to: `/opt/<project>/<app>`. The CodeDeploy agent's
   * Install creates it (root's) and owns what it copies to the app user (the appspec's owner); the
   * AfterInstall hook gives the folder itself to the app user.
   */
  public appDir(appName: string): string {
    return `/opt/${this.projectName}/${appName}`;
  }

  /** Directory of an app's process logs, owned by the app user: `/var/log/<project>/<app>`. */
  public logDir(appName: string): string {
    return `/var/log/${this.projectName}/${appName}`;
  }

  /** The app's standard output as PM2 writes it (`out_file`): `<logDir>/out.log`. */
  public outLog(appName: string): string {
    return `${this.logDir(appName)}/out.log`;
  }

  /** The app's standard error as PM2 writes it (`error_file`): `<logDir>/error.log`. */
  public errorLog(appName: string): string {
    return `${this.logDir(appName)}/error.log`;
  }
}
