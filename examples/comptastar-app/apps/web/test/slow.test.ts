import { GET } from '../app/api/slow/route';

const call = (query: string) => GET(new Request(`http://127.0.0.1/api/slow${query}`));

describe('GET /api/slow', () => {
  const saved = process.env.ENABLE_SLOW_ENDPOINT;
  afterEach(() => {
    process.env.ENABLE_SLOW_ENDPOINT = saved;
  });

  it('is off unless ENABLE_SLOW_ENDPOINT=true', async () => {
    delete process.env.ENABLE_SLOW_ENDPOINT;
    expect((await call('?ms=1')).status).toBe(404);
  });

  it('waits the requested time, bounded', async () => {
    process.env.ENABLE_SLOW_ENDPOINT = 'true';
    const started = Date.now();
    const res = await call('?ms=100');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', waitedMs: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect((await call('?ms=10001')).status).toBe(400);
    expect((await call('?ms=-1')).status).toBe(400);
  });
});
