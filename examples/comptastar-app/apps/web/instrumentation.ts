// Runs once when the Next.js server starts (next start or standalone server.js).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installGracefulShutdown } = await import('./lib/graceful-shutdown');
    installGracefulShutdown();
  }
}
