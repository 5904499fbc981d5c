import * as fs from 'node:fs';
import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import { validateName } from '../config/rules';

/** Validation of BlueGreenPipeline props: each function returns its problems, empty when valid. */

export function validateRepository(repository: string | undefined): string[] {
  if (
    typeof repository !== 'string' ||
    !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(repository)
  ) {
    return [
      `repository must be "owner/name" (a GitHub owner and repository, e.g. "acme/shop"), got "${repository}"`,
    ];
  }
  return [];
}

export function validateBranch(branch: string): string[] {
  if (branch.trim() === '') {
    return ['branch must not be empty (the branch whose pushes start the pipeline, e.g. "main")'];
  }
  // git check-ref-format, the parts that matter for a branch name.
  if (/[\s~^:?*[\\]|\.\.|@\{|^\/|\/$|\.lock$|^-/.test(branch)) {
    return [`branch "${branch}" is not a valid git branch name`];
  }
  return [];
}

/** A service added twice, or two services of the same app: each app has one revision and one deploy action. */
export function validateNewService(known: readonly string[], appName: string): string[] {
  return [
    ...validateName('appName', appName),
    ...(known.includes(appName)
      ? [`the pipeline already deploys app "${appName}": each app has one revision and one deploy action`]
      : []),
  ];
}

export function validateConnectionArn(arn: string | undefined): string[] {
  if (arn === undefined || Token.isUnresolved(arn)) {
    return [];
  }
  if (
    !/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/.test(
      arn,
    )
  ) {
    return [
      `connectionArn must be a CodeStar/CodeConnections connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id> or arn:aws:codeconnections:...), got "${arn}"`,
    ];
  }
  return [];
}

export function validateConnectionName(name: string): string[] {
  if (name.length > 32) {
    return [
      `connection name "${name}" is ${name.length} characters; the maximum is 32. Shorten projectName or environment, or pass connectionArn`,
    ];
  }
  return [];
}

export function validateDeployKit(kitPath: string): string[] {
  const rebuild =
    'build @comptastar/deploy-hooks (its dist/kit is copied into assets/deploy-kit when this package compiles) or pass deployKitPath';
  if (!fs.existsSync(path.join(kitPath, 'bin', 'deploy-hooks.cjs'))) {
    return [`deployKitPath "${kitPath}" has no bin/deploy-hooks.cjs: ${rebuild}`];
  }
  // The buildspec runs `npm install --prefix $KIT_DIR`: without package.json that installs nothing.
  if (!fs.existsSync(path.join(kitPath, 'package.json'))) {
    return [
      `deployKitPath "${kitPath}" has no package.json (it pins the esbuild the build installs): ${rebuild}`,
    ];
  }
  return [];
}
