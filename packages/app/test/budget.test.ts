import { Fleet, Naming, ServiceConfigs } from '@comptastar/constructs';
import { Duration } from 'aws-cdk-lib';
import { deployBudget, formatSeconds, loadHooksBudget } from '../src/budget';
import { COMPTASTAR_APPS } from '../src/comptastar-apps';

const APPS = Object.keys(COMPTASTAR_APPS);
const BLUE_WAIT_SECONDS = Fleet.DEFAULT_TERMINATION_WAIT.toSeconds();

const naming = new Naming({ projectName: 'comptastar', environment: 'dev' });

describe('deploy-time budget', () => {
  test('green healthy = threshold x interval + interval; traffic moved = hooks + healthy + drain; then the blue wait', () => {
    const api = ServiceConfigs.resolve(naming, {
      ...COMPTASTAR_APPS.api,
      healthCheck: {
        path: '/api/v1/health',
        healthyThreshold: 3,
        interval: Duration.seconds(5),
        timeout: Duration.seconds(4),
      },
      deregistrationDelay: Duration.seconds(45),
    });
    expect(deployBudget(api, 12.5, BLUE_WAIT_SECONDS)).toEqual({
      hooksSeconds: 12.5,
      greenHealthySeconds: 20, // 3 x 5 + 5
      blueDrainSeconds: 45,
      trafficMovedSeconds: 77.5, // 12.5 + 20 + 45
      blueWaitSeconds: 900,
      deployActionEndsSeconds: 977.5,
    });
  });

  test('the default health check (2 x 5 s) and 5 s drain budget 15 s + 5 s around the hooks', () => {
    const web = ServiceConfigs.resolve(naming, COMPTASTAR_APPS.web);
    const b = deployBudget(web, 4, BLUE_WAIT_SECONDS);
    expect([b.greenHealthySeconds, b.blueDrainSeconds, b.trafficMovedSeconds]).toEqual([15, 5, 24]);
    expect(b.deployActionEndsSeconds - b.trafficMovedSeconds).toBe(900);
  });

  test('a shorter termination wait moves when the deploy action ends, not when traffic moves', () => {
    const web = ServiceConfigs.resolve(naming, COMPTASTAR_APPS.web);
    const b = deployBudget(web, 4, 60);
    expect([b.trafficMovedSeconds, b.deployActionEndsSeconds]).toEqual([24, 84]);
  });

  test.each(APPS.map((app) => [app]))(
    '%s: with the defaults and the measured hooks, traffic moves within 30 s',
    (app) => {
      const config = ServiceConfigs.resolve(naming, COMPTASTAR_APPS[app]);
      const b = deployBudget(
        config,
        loadHooksBudget().apps[app].beforeInstallToHealthySeconds,
        BLUE_WAIT_SECONDS,
      );
      expect(b.trafficMovedSeconds).toBeLessThanOrEqual(30);
    },
  );

  test.each([
    [4.56, '4.6 s'],
    [59.94, '59.9 s'],
    [64, '1 min 04 s'],
    [964.4, '16 min 04 s'],
  ])('formatSeconds(%d) = %s', (seconds, text) => expect(formatSeconds(seconds)).toBe(text));
});
