import { BlueGreenService, Fleet } from '@comptastar/constructs';
import { App, Duration } from 'aws-cdk-lib';
import { deployBudget, formatSeconds, loadHooksBudget } from '../src/budget';
import { COMPTASTAR_APPS } from '../src/comptastar-apps';
import { loadEnvironments } from '../src/load-environments';
import { buildApp, environmentStacks } from '../src/main';

const APPS = Object.keys(COMPTASTAR_APPS);
const BLUE_WAIT = Fleet.DEFAULT_TERMINATION_WAIT;

/** ComptaStar's services as the dev environment builds them (the library's own timings). */
function devServices(): BlueGreenService[] {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  const dev = loadEnvironments().filter((e) => e.config.environment === 'dev');
  return environmentStacks(buildApp(dev, new App()))[0].services;
}

describe('deploy-time budget', () => {
  const services = devServices();
  const service = (app: string) => services.find((s) => s.appName === app)!;

  test('traffic moved = hooks + time to healthy + drain; then the blue wait', () => {
    const timings = { timeToHealthy: Duration.seconds(20), deregistrationDelay: Duration.seconds(45) };
    expect(deployBudget(timings, 12.5, BLUE_WAIT)).toEqual({
      hooksSeconds: 12.5,
      greenHealthySeconds: 20,
      blueDrainSeconds: 45,
      trafficMovedSeconds: 77.5, // 12.5 + 20 + 45
      blueWaitSeconds: 900,
      deployActionEndsSeconds: 977.5,
    });
  });

  test("the default health check (2 x 5 s) and 5 s drain budget 15 s + 5 s around the hooks (the service's timings)", () => {
    const b = deployBudget(service('web'), 4, BLUE_WAIT);
    expect([b.greenHealthySeconds, b.blueDrainSeconds, b.trafficMovedSeconds]).toEqual([15, 5, 24]);
    expect(b.deployActionEndsSeconds - b.trafficMovedSeconds).toBe(900);
  });

  test('a shorter termination wait moves when the deploy action ends, not when traffic moves', () => {
    const b = deployBudget(service('web'), 4, Duration.seconds(60));
    expect([b.trafficMovedSeconds, b.deployActionEndsSeconds]).toEqual([24, 84]);
  });

  test.each(APPS.map((app) => [app]))(
    '%s: with the defaults and the measured hooks, traffic moves within 30 s',
    (app) => {
      const b = deployBudget(
        service(app),
        loadHooksBudget().apps[app].beforeInstallToHealthySeconds,
        BLUE_WAIT,
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
