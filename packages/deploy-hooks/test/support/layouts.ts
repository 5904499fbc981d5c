/**
 * Instance layouts as BlueGreenPipeline's buildspec passes them to `bundle --layout`, for a
 * project's instances (packages/constructs' InstanceLayout builds them; its drift test checks
 * that side): test data, deploy-hooks itself fixes no instance path.
 */
import { BundleLayout } from '../../src/revision/identity';

export function layoutOf(project: string, app: string): BundleLayout {
  return {
    IDENTITY_FILE: `/etc/${project}/identity.env`,
    APP_USER: project,
    APP_HOME: `/home/${project}`,
    APP_DIR: `/opt/${project}/${app}`,
    LOG_DIR: `/var/log/${project}/${app}`,
    RUNTIME_DIR: `/opt/${project}/.runtime`,
  };
}
