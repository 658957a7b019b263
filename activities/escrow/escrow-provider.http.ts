import { fetchAnswer, type HttpAnswer } from '../http/fetch-answer';
import { retryAfterMs } from '../http/retry-after';
import { EscrowDeclinedError, EscrowProviderError, EscrowProviderFailureType } from './escrow-provider';
import type { EscrowCallOptions, EscrowCreated, EscrowCreateRequest, EscrowProviderClient, EscrowTransaction } from './escrow-provider';
import { escrowErrorSchema, escrowListSchema, escrowTransactionSchema, type EscrowTransactionBody } from './escrow-provider.schemas';
import type { EscrowAction } from './escrow.types';

export interface HttpEscrowProviderOptions {
  /** Without `/v1`: the sandbox's `<PUBLIC_BASE_URL>/sandbox/escrow`, or the provider's API root. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  secretKey: string;
  /** Per call: connecting, waiting for the answer and reading it. */
  timeoutMs: number;
}

const PATHS: Record<EscrowAction, string> = { release: 'transfers', refund: 'refunds' };
const ACTIONS: Record<EscrowTransactionBody['object'], EscrowAction> = { transfer: 'release', refund: 'refund' };

/**
 * The escrow provider's Stripe-like REST API: `POST /v1/transfers` and `/v1/refunds` with an
 * `Idempotency-Key`, and `GET` of the same paths by `order_id`. A 4xx in the provider's own error
 * envelope is a decline; everything else that goes wrong may go right later and is an
 * `EscrowProviderError`. Messages carry the method and path only, never the key.
 */
export class HttpEscrowProviderClient implements EscrowProviderClient {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpEscrowProviderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async findByOrder(action: EscrowAction, orderId: string, options: EscrowCallOptions = {}): Promise<EscrowTransaction[]> {
    const path = `/v1/${PATHS[action]}?${new URLSearchParams({ order_id: orderId }).toString()}`;
    const answer = await this.call('GET', path, undefined, options.signal);
    if (answer.status !== 200) throw this.failure('GET', PATHS[action], answer, false);
    const list = escrowListSchema.safeParse(answer.json);
    if (!list.success) throw badResponse('GET', PATHS[action]);
    return list.data.data.map(toTransaction).filter((t) => t.action === action && t.orderId === orderId);
  }

  async create(request: EscrowCreateRequest, options: EscrowCallOptions = {}): Promise<EscrowCreated> {
    const path = PATHS[request.action];
    const body = JSON.stringify({ amount: request.amount, currency: request.currency, order_id: request.orderId, reason: request.reason });
    const answer = await this.call('POST', `/v1/${path}`, body, options.signal, { 'Idempotency-Key': request.idempotencyKey });
    if (answer.status !== 200) throw this.failure('POST', path, answer, true);
    const created = escrowTransactionSchema.safeParse(answer.json);
    if (!created.success) throw badResponse('POST', path);
    return { ...toTransaction(created.data), replayed: answer.headers.get('idempotent-replayed') === 'true' };
  }

  private call(method: 'GET' | 'POST', path: string, body: string | undefined, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const target = `${method} ${path.split('?')[0]}`;
    return fetchAnswer(
      {
        url: `${this.baseUrl}${path}`,
        method,
        headers: { Authorization: `Bearer ${this.options.secretKey}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body,
        timeoutMs: this.options.timeoutMs,
        signal,
      },
      (why) => new EscrowProviderError(EscrowProviderFailureType.UNAVAILABLE, `Escrow provider ${target} ${why}`),
    );
  }

  /** Only a create can be declined: a lookup that fails says nothing about the money. */
  private failure(method: string, path: string, answer: HttpAnswer, isCreate: boolean): Error {
    const target = `Escrow provider ${method} /v1/${path}`;
    const { status } = answer;
    const envelope = escrowErrorSchema.safeParse(answer.json);
    const code = envelope.success ? (envelope.data.error.code ?? envelope.data.error.type) : undefined;
    if (status === 401 || status === 403) return new EscrowProviderError(EscrowProviderFailureType.AUTH_FAILED, `${target} refused the secret key (${status})`, { httpStatus: status });
    if (status === 409) return new EscrowProviderError(EscrowProviderFailureType.BUSY, `${target}: the idempotency key is in use by another request`, { httpStatus: status });
    if (status === 429) {
      return new EscrowProviderError(EscrowProviderFailureType.RATE_LIMITED, `${target} answered 429`, { httpStatus: status, retryAfterMs: retryAfterMs(answer.headers) });
    }
    // A 4xx without the provider's envelope came from something in between (a proxy's 404 page).
    if (isCreate && status >= 400 && status < 500 && code !== undefined) return new EscrowDeclinedError(code, `${target} declined with ${status} ${code}`);
    return new EscrowProviderError(EscrowProviderFailureType.UNAVAILABLE, `${target} answered ${status}${code ? ` ${code}` : ''}`, { httpStatus: status });
  }
}

function toTransaction(body: EscrowTransactionBody): EscrowTransaction {
  return { id: body.id, action: ACTIONS[body.object], orderId: body.order_id, amount: body.amount, currency: body.currency, createdAt: new Date(body.created * 1000) };
}

function badResponse(method: string, path: string): EscrowProviderError {
  return new EscrowProviderError(EscrowProviderFailureType.UNAVAILABLE, `Escrow provider ${method} /v1/${path} answered 200 with a body it does not document`);
}

