import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST_PORT = 20_000;
const ATTEMPTS = 100;
const handedOut = new Set<number>();

/**
 * The first port of the kernel's ephemeral range, which outgoing connections and `listen(0)` take
 * their local ports from (Temporal's dev server takes its internal ports that way too).
 */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > LOWEST_PORT + 1000) return low;
  } catch {
    // Not Linux: assume the IANA range.
  }
  return 49_152;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the ephemeral range. A port the OS picks with `listen(0)` comes from that
 * range, so a stack that starts later on it can find it taken by any outgoing connection made in
 * between (CI saw Temporal's UI fail with "address already in use"). Below the range, only
 * another test's explicit choice can take it, and this process never hands out a port twice.
 */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (high - LOWEST_PORT + 1));
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`No free port found between ${LOWEST_PORT} and ${high} after ${ATTEMPTS} tries`);
}
