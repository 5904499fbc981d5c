// GET /api/slow?ms=N answers after N ms (0..10000): an in-flight request for the
// graceful-shutdown tests. Answers 404 unless ENABLE_SLOW_ENDPOINT=true.
export const dynamic = 'force-dynamic';

export const SLOW_MAX_MS = 10_000;

export async function GET(request: Request): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store' };
  if (process.env.ENABLE_SLOW_ENDPOINT !== 'true') {
    return Response.json({ status: 'not found' }, { status: 404, headers });
  }
  const ms = Number(new URL(request.url).searchParams.get('ms') ?? '1000');
  if (!Number.isInteger(ms) || ms < 0 || ms > SLOW_MAX_MS) {
    return Response.json(
      { status: 'error', message: `ms must be an integer between 0 and ${SLOW_MAX_MS}` },
      { status: 400, headers },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Response.json({ status: 'ok', waitedMs: ms }, { headers });
}
