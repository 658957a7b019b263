/**
 * Open-loop load: call `send(i)` for i in [0, count) at `perSecond`, on schedule whether or not
 * earlier calls have answered (a closed loop would slow down exactly when the system does, and hide
 * it). Resolves when every call has settled; returns the achieved rate.
 */
export async function sendPaced(count: number, perSecond: number, send: (index: number) => Promise<void>): Promise<{ achievedPerSecond: number }> {
  const start = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(i));
  }
  const lastSentAt = Date.now();
  await Promise.all(pending);
  const spanSeconds = (lastSentAt - start) / 1000;
  return { achievedPerSecond: count <= 1 || spanSeconds === 0 ? count : (count - 1) / spanSeconds };
}
