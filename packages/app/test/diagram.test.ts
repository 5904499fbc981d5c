import { readFileSync } from 'node:fs';
import {
  ARCHITECTURE_FILE,
  generateArchitectureDocument,
  README_FILE,
  withReadmePicture,
} from '../src/diagram';

describe('docs/architecture.md', () => {
  const generated = generateArchitectureDocument();

  test('is what src/diagram.ts generates from the synthesized dev stack', () => {
    const committed = readFileSync(ARCHITECTURE_FILE, 'utf8');
    if (committed !== generated) {
      throw new Error(
        'docs/architecture.md is out of date with the synthesized app: run `npx projen diagram` in packages/app and commit the file',
      );
    }
  });

  test('the root README shows the same picture', () => {
    const readme = readFileSync(README_FILE, 'utf8');
    if (withReadmePicture(readme, generated) !== readme) {
      throw new Error(
        'README.md shows an outdated architecture picture: run `npx projen diagram` in packages/app and commit README.md',
      );
    }
  });

  test('shows the pipeline stages, both load balancers, target groups, fleets, launch templates, SSM paths and the topic', () => {
    for (const expected of [
      'CodePipeline comptastar-dev-pipeline',
      'Source: GitHub<br/>via comptastar-dev-github',
      'Deploy: Deploy-api',
      'Deploy: Deploy-web',
      'ALB comptastar-dev-api-lb',
      'ALB comptastar-dev-web-lb',
      'Target group comptastar-dev-api-tg<br/>HTTP 3001, health /api/v1/health',
      'Target group comptastar-dev-web-tg<br/>HTTP 3000, health /api/health',
      'Fleet comptastar-dev-api-fleet',
      'Launch template<br/>t3.small, IMDSv2',
      'SSM /dev/api/',
      'SSM /dev/web/',
      'SNS comptastar-dev-notifications',
    ]) {
      expect(generated).toContain(expected);
    }
    // Each deploy action points at the fleet of its own app.
    expect(generated).toMatch(/Deploy_api -- "blue\/green" --> ApiFleet/);
    expect(generated).toMatch(/Deploy_web -- "blue\/green" --> WebFleet/);
  });
});
