export interface FetchedToken {
  accessToken: string;
  /** Lifetime from the moment the fetch started. */
  expiresInMs: number;
}

export interface TokenCacheOptions {
  /** Calls the token endpoint. Should throw `CarrierError`s, which `get()` passes on. */
  fetchToken: () => Promise<FetchedToken>;
  /** Refresh this long before expiry, so a token never expires on its way to the carrier. Default 60 s. */
  refreshMarginMs?: number;
  /** At most one token fetch per this interval, whatever happens. Default 5 s. */
  minFetchIntervalMs?: number;
  now?: () => number;
  /** Waits out the fetch interval; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

interface CachedToken {
  token: string;
  /** From here on `get()` fetches a new token. */
  refreshAt: number;
  /** After this the token is useless, even as a fallback. */
  expiresAt: number;
}

/**
 * Caches one OAuth client-credentials token per set of credentials, shared by every caller in the
 * worker. Carriers throttle and even block clients that request tokens too often (UPS asks for
 * token reuse, FedEx answers 403), so this class guarantees at most one fetch per
 * `minFetchIntervalMs`, however many callers, failures or 401s there are.
 */
export class TokenCache {
  private readonly fetchToken: () => Promise<FetchedToken>;
  private readonly refreshMarginMs: number;
  private readonly minFetchIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  private cached?: CachedToken;
  private inFlight?: Promise<string>;
  private lastFetchAt?: number;
  /** Set while the most recent fetch has failed. */
  private lastFailure?: { error: unknown };

  constructor(options: TokenCacheOptions) {
    this.fetchToken = options.fetchToken;
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
    this.minFetchIntervalMs = options.minFetchIntervalMs ?? 5_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A token that is valid for at least the refresh margin (or, if a refresh fails, still valid). */
  get(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    // Single flight: everyone who arrives while a fetch is running shares its outcome.
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * Drops the cached token after the carrier refused it, but only if it is still the cached one:
   * when fifty calls get a 401 for the same token, the first invalidates it and the other
   * forty-nine find a fresh token already in place (or being fetched), so there is one refresh.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const waitMs = this.lastFetchAt === undefined ? 0 : this.lastFetchAt + this.minFetchIntervalMs - this.now();
    if (waitMs > 0) {
      // A recent fetch failed: asking again this soon would only hammer the endpoint.
      if (this.lastFailure) return this.fallbackOr(this.lastFailure.error);
      // A recent fetch succeeded but its token was refused or has lapsed: wait out the interval.
      await this.sleep(waitMs);
    }
    const startedAt = this.now();
    this.lastFetchAt = startedAt;
    try {
      const fetched = await this.fetchToken();
      // Very short lifetimes would leave nothing after the margin; use at least half of the lifetime.
      const margin = Math.min(this.refreshMarginMs, fetched.expiresInMs / 2);
      this.cached = {
        token: fetched.accessToken,
        refreshAt: startedAt + fetched.expiresInMs - margin,
        expiresAt: startedAt + fetched.expiresInMs,
      };
      this.lastFailure = undefined;
      return fetched.accessToken;
    } catch (err) {
      this.lastFailure = { error: err };
      return this.fallbackOr(err);
    }
  }

  /** During the refresh margin the old token still works; prefer it to failing the call. */
  private fallbackOr(err: unknown): string {
    if (this.cached && this.now() < this.cached.expiresAt) return this.cached.token;
    throw err;
  }
}
