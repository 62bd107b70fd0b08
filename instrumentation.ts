// Next.js calls register() once when a server starts, before it takes requests: the web runtime
// (database, index) is opened then, not during the first request.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself (not configuration): the runtime only exists in Node.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { openWebRuntimeAtStart } = await import('./lib/web/runtime');
    await openWebRuntimeAtStart();
  }
}
