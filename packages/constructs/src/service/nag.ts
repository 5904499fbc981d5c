import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's IAM5 finding for one wildcard resource or action of a policy statement.
 * cdk-nag 3 names each finding `AwsSolutions-IAM5[Resource::<flattened ARN>]`, so the id is built
 * from the resolved value the same way cdk-nag flattens it (utils/flatten-cfn-reference).
 */
export function acknowledgeWildcard(
  scope: IConstruct,
  kind: 'Resource' | 'Action',
  value: string,
  reason: string,
): void {
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM5[${kind}::${flattenReference(Stack.of(scope).resolve(value))}]`,
    reason,
  });
}

function flattenReference(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const o = node as { [key: string]: any };
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'];
    return (items as unknown[]).map(flattenReference).join(delimiter);
  }
  if (o['Fn::Sub']) {
    return flattenReference(o['Fn::Sub']);
  }
  if (o['Fn::GetAtt']) {
    return `<${flattenReference(o['Fn::GetAtt'][0])}.${flattenReference(o['Fn::GetAtt'][1])}>`;
  }
  if (o['Fn::ImportValue']) {
    return flattenReference(o['Fn::ImportValue']);
  }
  if (o.Ref) {
    return `<${flattenReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
