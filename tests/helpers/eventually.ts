import { performance } from 'node:perf_hooks';
/**
 * Waits until `check` passes (returns without throwing), polling; for state that arrives
 * asynchronously over MQTT or HTTP. Fails with the check's last error after the timeout.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    try {
      return await check();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw lastError;
}
