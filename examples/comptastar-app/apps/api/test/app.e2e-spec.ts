import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { APP_CONFIG, loadConfig } from '../src/config.js';
import { configureApp } from '../src/setup.js';

async function createApp(env: NodeJS.ProcessEnv = {}): Promise<INestApplication> {
  const config = loadConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>();
  configureApp(app, config);
  await app.init();
  return app;
}

describe('API (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApp({ ENABLE_SLOW_ENDPOINT: 'true' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('GET /api/v1/health reports memory and uptime', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.memory_heap.status).toBe('up');
    expect(res.body.info.uptime).toEqual({ status: 'up', seconds: expect.any(Number) });
  });

  it('serves only versioned routes under the api prefix', async () => {
    await request(app.getHttpServer()).get('/health').expect(404);
    await request(app.getHttpServer()).get('/api/health').expect(404);
  });

  it('POST /api/v1/vat/compute computes VAT', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/vat/compute')
      .send({ amount: 19.99, rate: 5.5 })
      .expect(200);
    expect(res.body).toEqual({ net: 19.99, vat: 1.1, gross: 21.09, rate: 5.5, currency: 'EUR' });
  });

  it('POST /api/v1/vat/compute validates its input', async () => {
    const server = app.getHttpServer();
    await request(server).post('/api/v1/vat/compute').send({ amount: -1, rate: 20 }).expect(400);
    await request(server).post('/api/v1/vat/compute').send({ amount: 10.001, rate: 20 }).expect(400);
    await request(server).post('/api/v1/vat/compute').send({ amount: 10, rate: 101 }).expect(400);
    await request(server).post('/api/v1/vat/compute').send({ amount: '10', rate: 20 }).expect(400);
    await request(server).post('/api/v1/vat/compute').send({ amount: 10, rate: 20, extra: 1 }).expect(400);
  });

  it('GET /api/v1/slow answers after the requested delay, bounded', async () => {
    const started = Date.now();
    const res = await request(app.getHttpServer()).get('/api/v1/slow?ms=200').expect(200);
    expect(res.body).toEqual({ status: 'ok', waitedMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await request(app.getHttpServer()).get('/api/v1/slow?ms=10001').expect(400);
    await request(app.getHttpServer()).get('/api/v1/slow?ms=abc').expect(400);
  });

  it('GET /api/v1/slow is off unless ENABLE_SLOW_ENDPOINT=true', async () => {
    const plain = await createApp({});
    try {
      await request(plain.getHttpServer()).get('/api/v1/slow?ms=1').expect(404);
    } finally {
      await plain.close();
    }
  });
});
