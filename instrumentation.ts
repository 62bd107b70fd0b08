// Next.js calls register() once when a server starts, before it takes requests: the web runtime
// (database, index, embedder) is opened and warmed up then, not during the first questions.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself (not configuration): the runtime only exists in Node.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { warmUpWebRuntime } = await import('./lib/web/runtime');
    await warmUpWebRuntime();
  }
}
