import { GET, dynamic } from '../app/api/health/route';

describe('GET /api/health', () => {
  it('answers ok with the uptime and is never cached', async () => {
    expect(dynamic).toBe('force-dynamic');
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', uptime: expect.any(Number), pid: process.pid });
  });
});
