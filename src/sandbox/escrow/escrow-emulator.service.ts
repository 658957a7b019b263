import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEquals } from '../../webhooks/signatures';
import { claimIdempotencyKey } from '../idempotency/claim-idempotency-key';
import { SANDBOX_CLOCK, type SandboxClock } from '../sandbox.options';
import { EscrowControls, type EscrowEndpoint, type EscrowFault } from './escrow-controls';
import { ESCROW_EMULATOR_OPTIONS, type EscrowEmulatorOptions } from './escrow-emulator.options';
import { EscrowErrors } from './escrow-errors';
import { EscrowIdempotencyRepository, type IdempotencyRecord } from './escrow-idempotency.repository';
import { renderEscrowTransaction, type EscrowListView, type EscrowTransactionView } from './escrow-render';
import { EscrowCreateSchema, EscrowListQuerySchema, parseIdempotencyKey, parseParams, type EscrowCreateParams } from './escrow-requests';
import { EscrowTransactionRepository } from './escrow-transaction.repository';

/** Stripe keeps idempotency keys for 24 hours after their first use; then a key is new again. */
export const ESCROW_IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;

/** Stripe's default decline for a transfer the platform's balance cannot cover. */
const DEFAULT_DECLINE_CODE = 'balance_insufficient';

const OBJECTS = { transfers: { object: 'transfer', prefix: 'tr_' }, refunds: { object: 'refund', prefix: 're_' } } as const;

export interface EscrowCreateCall {
  endpoint: EscrowEndpoint;
  /** The `Authorization` header. */
  authorization: string | undefined;
  /** The `Idempotency-Key` header. */
  idempotencyKey: string | undefined;
  body: unknown;
}

/** What the controller sends: a status and body, possibly replayed, possibly never delivered. */
export interface EscrowAnswer {
  status: number;
  body: unknown;
  /** Sent with `Idempotent-Replayed: true`. */
  replayed: boolean;
  /** A `timeout_after_commit` fault: drop the connection, or answer only after `delayMs`. */
  cutOff?: { delayMs?: number };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A Stripe-like payments provider holding the orders' escrowed money: creates transfers (release)
 * and refunds under an `Idempotency-Key` with Stripe's semantics, lists them by order, and serves
 * the faults queued in `EscrowControls`.
 */
@Injectable()
export class EscrowEmulatorService {
  constructor(
    @Inject(ESCROW_EMULATOR_OPTIONS) private readonly options: EscrowEmulatorOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
    private readonly controls: EscrowControls,
    private readonly transactions: EscrowTransactionRepository,
    private readonly keys: EscrowIdempotencyRepository,
  ) {}

  async create(call: EscrowCreateCall): Promise<EscrowAnswer> {
    this.authenticate(call.authorization);
    this.controls.countCall(call.endpoint);
    const key = parseIdempotencyKey(call.idempotencyKey);
    // Invalid parameters are refused before the key is looked at, and keep nothing (as Stripe does).
    const params = parseParams(EscrowCreateSchema, call.body);
    const fingerprint = createHash('sha256').update(`POST /v1/${call.endpoint}\n${JSON.stringify(params)}`).digest('hex');
    const seen = await this.claim(key, fingerprint, this.clock());
    if (seen) return this.repeat(seen, fingerprint);

    let created = false;
    try {
      const fault = this.controls.takeFault(call.endpoint);
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
      if (fault?.kind === 'server_error') throw EscrowErrors.serverError();
      let answer: EscrowAnswer;
      if (fault?.kind === 'decline') {
        answer = this.decline(fault.code);
      } else {
        answer = await this.commit(call.endpoint, params);
        created = true;
      }
      await this.keys.complete(key, { status: answer.status, body: answer.body });
      return fault?.kind === 'timeout_after_commit' ? { ...answer, cutOff: { delayMs: fault.delayMs } } : answer;
    } catch (err) {
      // A key whose request created nothing is forgotten, so a repeat runs afresh. One whose
      // transaction exists stays in progress until it expires: forgetting it would let a repeat
      // create a second one.
      if (!created) await this.keys.release(key);
      throw err;
    }
  }

  async list(endpoint: EscrowEndpoint, authorization: string | undefined, query: unknown): Promise<EscrowListView> {
    this.authenticate(authorization);
    this.controls.countCall('lookups');
    const { order_id: orderId } = parseParams(EscrowListQuerySchema, query);
    const found = await this.transactions.listByOrder(OBJECTS[endpoint].object, orderId);
    return { object: 'list', data: found.map(renderEscrowTransaction), has_more: false, url: `/v1/${endpoint}` };
  }

  private authenticate(authorization: string | undefined): void {
    const expected = this.options.secretKey;
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!expected || !constantTimeEquals(presented, expected)) throw EscrowErrors.unauthorized();
  }

  /** Takes the key for this request, or returns its record when another request used it within the last 24 hours. */
  private claim(key: string, fingerprint: string, now: Date): Promise<IdempotencyRecord | undefined> {
    const record: IdempotencyRecord = {
      _id: key,
      fingerprint,
      state: 'processing',
      firstUsedAt: now,
      expiresAt: new Date(now.getTime() + ESCROW_IDEMPOTENCY_KEY_TTL_MS),
    };
    return claimIdempotencyKey(this.keys, record, () => {
      this.controls.countIdempotencyError();
      return EscrowErrors.idempotencyKeyInUse();
    });
  }

  private repeat(seen: IdempotencyRecord, fingerprint: string): EscrowAnswer {
    if (seen.fingerprint !== fingerprint) {
      this.controls.countIdempotencyError();
      throw EscrowErrors.idempotencyKeyReused();
    }
    if (seen.state !== 'completed' || !seen.response) {
      this.controls.countIdempotencyError();
      throw EscrowErrors.idempotencyKeyInUse();
    }
    this.controls.countReplay();
    return { status: seen.response.status, body: seen.response.body, replayed: true };
  }

  private async commit(endpoint: EscrowEndpoint, params: EscrowCreateParams): Promise<EscrowAnswer> {
    const { object, prefix } = OBJECTS[endpoint];
    const transaction = {
      _id: `${prefix}${randomBytes(12).toString('hex')}`,
      object,
      orderId: params.order_id,
      amount: params.amount,
      currency: params.currency,
      ...(params.reason !== undefined ? { reason: params.reason } : {}),
      createdAt: this.clock(),
    };
    await this.transactions.insert(transaction);
    this.controls.countCreated(endpoint);
    const body: EscrowTransactionView = renderEscrowTransaction(transaction);
    return { status: 200, body, replayed: false };
  }

  private decline(code: Extract<EscrowFault, { kind: 'decline' }>['code']): EscrowAnswer {
    return { status: 402, body: EscrowErrors.declined(code ?? DEFAULT_DECLINE_CODE).body, replayed: false };
  }
}
