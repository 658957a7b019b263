import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Headers, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { cutOff } from '../http/late-answer';
import type { EscrowEndpoint } from './escrow-controls';
import { EscrowErrorFilter } from './escrow-error.filter';
import { EscrowEmulatorService, type EscrowAnswer } from './escrow-emulator.service';
import type { EscrowListView } from './escrow-render';

/** Where the emulated provider lives; Waybill uses `<base>/sandbox/escrow` as ESCROW_PROVIDER_URL. */
export const ESCROW_EMULATOR_PREFIX = 'sandbox/escrow/v1';

/**
 * The escrow provider's REST API, Stripe-like: bearer secret key, `Idempotency-Key` on creates,
 * errors as `{ error: { type, code, message } }`. It checks its own key, so the app's API key does
 * not apply. Kept out of the OpenAPI document: docs/escrow.md describes it.
 */
@Public()
@ApiExcludeController()
@UseFilters(EscrowErrorFilter)
@Controller(ESCROW_EMULATOR_PREFIX)
export class EscrowEmulatorController {
  constructor(private readonly escrow: EscrowEmulatorService) {}

  @Post('transfers')
  createTransfer(
    @Headers('authorization') authorization: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res() response: Response,
  ): Promise<void> {
    return this.create('transfers', { authorization, idempotencyKey, body }, response);
  }

  @Post('refunds')
  createRefund(
    @Headers('authorization') authorization: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res() response: Response,
  ): Promise<void> {
    return this.create('refunds', { authorization, idempotencyKey, body }, response);
  }

  @Get('transfers')
  listTransfers(@Headers('authorization') authorization: string | undefined, @Query() query: Record<string, unknown>): Promise<EscrowListView> {
    return this.escrow.list('transfers', authorization, query);
  }

  @Get('refunds')
  listRefunds(@Headers('authorization') authorization: string | undefined, @Query() query: Record<string, unknown>): Promise<EscrowListView> {
    return this.escrow.list('refunds', authorization, query);
  }

  private async create(endpoint: EscrowEndpoint, call: { authorization: string | undefined; idempotencyKey: string | undefined; body: unknown }, response: Response): Promise<void> {
    const answer = await this.escrow.create({ endpoint, ...call });
    await this.send(answer, response);
  }

  private async send(answer: EscrowAnswer, response: Response): Promise<void> {
    // The transaction exists and its answer is kept under the key; the client just never hears.
    if (answer.cutOff && !(await cutOff(response, answer.cutOff))) return;
    response.setHeader('Request-Id', `req_${randomBytes(8).toString('hex')}`);
    if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.status(answer.status).json(answer.body);
  }
}
