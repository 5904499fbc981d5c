import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Naming, ServiceConfig } from '../../src/config';
import { ComptaStarService, ComptaStarServiceProps } from '../../src/service';

export const REGION = 'eu-west-3';
export const CERTIFICATE_ARN = `arn:aws:acm:${REGION}:111111111111:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

/** ComptaStar's two apps as the tests' services: a NestJS api and a Next.js web app. */
export const API: ServiceConfig = {
  appName: 'api',
  port: 3001,
  healthCheck: { path: '/api/v1/health' },
  pathPattern: '/api/*',
  instanceType: 't3.small',
};
export const WEB: ServiceConfig = {
  appName: 'web',
  port: 3000,
  healthCheck: { path: '/api/health' },
  pathPattern: '/*',
  instanceType: 't3.micro',
};

/**
 * A stack with a plain two-AZ VPC (flow logs on) to put services in. The region is set (ELB access
 * logs need it), the account is not, so the VPC uses Fn::GetAZs instead of hard-coded zones.
 */
export function networkStack(
  app = new App(),
  id = 'Stack',
): { app: App; stack: Stack; vpc: ec2.Vpc; naming: Naming } {
  const stack = new Stack(app, id, { env: { region: REGION } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  vpc.addFlowLog('FlowLog');
  // As ComptaStar's app sets it.
  const naming = new Naming({
    projectName: 'comptastar',
    environment: 'dev',
    projectTitle: 'ComptaStar',
    operationsCommand: 'npx comptastar',
  });
  return { app, stack, vpc, naming };
}

/** One service (api by default) in a fresh stack, with its template. */
export function serviceStack(
  service: ServiceConfig = API,
  props: Partial<ComptaStarServiceProps> = {},
): { stack: Stack; service: ComptaStarService; template: Template; naming: Naming } {
  const { stack, vpc, naming } = networkStack();
  const construct = new ComptaStarService(stack, 'Service', { naming, vpc, service, ...props });
  return { stack, service: construct, template: Template.fromStack(stack), naming };
}

/** The user data script of a launch template, with references shown as `${Ref}` / `${Resource.Attr}`. */
export function userDataOf(template: Template, launchTemplateLogicalId: string): string {
  const resource = template.toJSON().Resources[launchTemplateLogicalId];
  return flatten(resource.Properties.LaunchTemplateData.UserData['Fn::Base64']);
}

function flatten(node: any): string {
  if (typeof node === 'string') return node;
  if (node['Fn::Join']) return (node['Fn::Join'][1] as any[]).map(flatten).join(node['Fn::Join'][0]);
  if (node.Ref) return `\${${node.Ref}}`;
  if (node['Fn::GetAtt']) return `\${${node['Fn::GetAtt'].join('.')}}`;
  return JSON.stringify(node);
}

/** Every IAM policy statement of a template (inline policies, policy resources, role policies). */
export function policyStatements(template: Template): Array<{ [key: string]: any; logicalId: string }> {
  const statements: Array<{ [key: string]: any; logicalId: string }> = [];
  for (const [logicalId, resource] of Object.entries<any>(template.toJSON().Resources)) {
    const documents: any[] = [];
    if (resource.Properties?.PolicyDocument) documents.push(resource.Properties.PolicyDocument);
    for (const policy of resource.Properties?.Policies ?? []) documents.push(policy.PolicyDocument);
    if (resource.Properties?.KeyPolicy) documents.push(resource.Properties.KeyPolicy);
    for (const document of documents) {
      for (const statement of document.Statement ?? []) statements.push({ ...statement, logicalId });
    }
  }
  return statements;
}

/** A statement's actions as a list. */
export function actionsOf(statement: { [key: string]: any }): string[] {
  return ([] as string[]).concat(statement.Action ?? []);
}
