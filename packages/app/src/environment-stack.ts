import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { LoadedEnvironment } from './load-environments';

export interface EnvironmentStackProps extends StackProps {
  readonly environment: LoadedEnvironment;
}

/** Everything one environment runs. Named `${project}-${environment}` so environments coexist. */
export class EnvironmentStack extends Stack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const { naming, apps } = props.environment;
    this.templateOptions.description = `ComptaStar ${naming.environment}: ${apps.map((a) => a.appName).join(', ')}`;
    for (const app of apps) {
      new CfnOutput(this, `${pascal(app.appName)}SsmPath`, {
        description: `SSM Parameter Store path of ${app.appName}`,
        value: app.ssmPath,
      });
    }
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
