// GET /api/health: liveness for the load balancer and the deploy hooks.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json(
    {
      status: 'ok',
      uptime: Math.round(process.uptime()),
      timestamp: new Date().toISOString(),
      pid: process.pid,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
