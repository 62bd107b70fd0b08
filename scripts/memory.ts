/**
 * Samples this process's RSS (worker threads included) until stopped; `stop` returns the peak in
 * MB. For the benchmarks' memory figures.
 */
export function rssSampler(intervalMs = 100) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576);
    },
  };
}
