import { randomBytes } from 'node:crypto';
import { Body, Controller, Headers, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { cutOff, stillConnectedAfter } from '../http/late-answer';
import { SmsControls } from './sms-controls';
import { TwilioErrorFilter } from './sms-error.filter';
import { SmsEmulatorService, type SmsAnswer } from './sms-emulator.service';
import { TWILIO_API_VERSION } from './sms-render';

/** Where the emulated provider lives; Waybill uses `<base>/sandbox/twilio` as SMS_PROVIDER_URL. */
export const SMS_EMULATOR_PREFIX = 'sandbox/twilio';
const ACCOUNTS = `${SMS_EMULATOR_PREFIX}/${TWILIO_API_VERSION}/Accounts`;
/** The create-message route; its form body is parsed by `FormBodyMiddleware` when the app does not. */
export const SMS_EMULATOR_MESSAGES_ROUTE = `${ACCOUNTS}/:accountSid/Messages.json`;

/**
 * Twilio's Messages API, as much of it as sending needs: HTTP Basic auth with the account SID and
 * auth token, a form-encoded body, `I-Twilio-Idempotency-Token`, errors as `{ code, message,
 * more_info, status }`. It checks its own credentials, so the app's API key does not apply. Kept out
 * of the OpenAPI document: docs/sms.md describes it.
 */
@Public()
@ApiExcludeController()
@UseFilters(TwilioErrorFilter)
@Controller(ACCOUNTS)
export class SmsEmulatorController {
  constructor(
    private readonly sms: SmsEmulatorService,
    private readonly controls: SmsControls,
  ) {}

  @Post(':accountSid/Messages.json')
  async createMessage(
    @Param('accountSid') accountSid: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('i-twilio-idempotency-token') idempotencyToken: string | undefined,
    @Body() body: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const delay = this.controls.takeDelay();
    if (delay && !(await stillConnectedAfter(response, delay.delayMs))) {
      // The client gave up before the provider looked at the message: nothing was sent.
      this.controls.count('abandoned');
      return;
    }
    const answer = await this.sms.send({ accountSid, authorization, idempotencyToken, body });
    await this.deliver(answer, response);
  }

  private async deliver(answer: SmsAnswer, response: Response): Promise<void> {
    // The message is recorded and its answer kept under the token; the client just never hears.
    if (answer.cutOff && !(await cutOff(response, answer.cutOff))) return;
    response.setHeader('Twilio-Request-Id', `RQ${randomBytes(16).toString('hex')}`);
    response.status(answer.status).json(answer.body);
  }
}
