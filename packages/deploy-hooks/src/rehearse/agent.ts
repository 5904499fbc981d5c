/**
 * The CodeDeploy agent as the rehearsal models it. Each behaviour is read from the agent's own
 * code (github.com/aws/aws-codedeploy-agent, lib/instance_agent/plugins/codedeploy/):
 * command_executor.rb (deployment root, archives, the last successful install record:
 * deployment-root.ts), hook_executor.rb (how a script runs and what of its output CodeDeploy
 * keeps: run-script.ts, script-log.ts), installer.rb and install_instruction.rb (Install: cleanup
 * of the previous files, copy, permissions: install.ts). This file holds the agent's fixed
 * places and limits and the environment it gives a script.
 */

/** The agent's fixed places and limits (conf/codedeployagent.yml, hook_executor.rb). */
export const AGENT = {
  /** `:root_dir:`; each deployment lives in `<root_dir>/<deployment group id>/<deployment id>`. */
  deploymentRoot: '/opt/codedeploy-agent/deployment-root',
  /** Characters of a script's output that CodeDeploy keeps (`ScriptLog`, `remaining_buffer`). */
  logWindow: 2048,
  /** `:max_revisions:`: archives kept per deployment group (the last successful one always). */
  archivesToRetain: 5,
  /** The agent's own environment: systemd runs it as root (HOME /root) with this PATH. */
  path: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
} as const;

/** The deployment group a rehearsal deploys to: the agent keys its records by the group's id. */
export interface DeploymentGroup {
  readonly applicationName: string;
  readonly name: string;
  readonly id: string;
}

/**
 * The environment the agent gives a script: its own (HOME /root and a system PATH under systemd)
 * plus the deployment's variables (hook_executor.rb `@child_envs`).
 */
export function agentEnvironment(
  group: DeploymentGroup,
  deploymentId: string,
  event: string,
): NodeJS.ProcessEnv {
  return {
    PATH: AGENT.path,
    HOME: '/root',
    LIFECYCLE_EVENT: event,
    DEPLOYMENT_ID: deploymentId,
    APPLICATION_NAME: group.applicationName,
    DEPLOYMENT_GROUP_NAME: group.name,
    DEPLOYMENT_GROUP_ID: group.id,
  };
}
