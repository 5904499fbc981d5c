import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Replaces the DependsOn that an L2 gives its resource (the role and the role's default policy)
 * by the policy alone: the role is already a dependency through `Fn::GetAtt`, which cfn-lint
 * reports as W3005 ("Obsolete DependsOn on resource"). Without a default policy nothing changes.
 */
export function keepOnlyPolicyDependency(construct: IConstruct, role: iam.IRole): void {
  const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  if (!policy) return;
  (construct.node.defaultChild as CfnResource).addOverride('DependsOn', [
    Stack.of(construct).getLogicalId(policy.node.defaultChild as iam.CfnPolicy),
  ]);
}
