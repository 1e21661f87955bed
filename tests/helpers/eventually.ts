/**
 * Waits until `check` passes (returns without throwing), polling; for state that arrives
 * asynchronously over MQTT or HTTP. Fails with the check's last error after the timeout.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw lastError;
}
