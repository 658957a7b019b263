import { Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { stillConnectedAfter } from '../http/late-answer';
import { MobilePushControls } from './mobile-push-controls';
import { MobilePushEmulatorService, type MobilePushAnswer } from './mobile-push-emulator.service';

/** Where the emulated mobile backend lives; development's PUSH_ENDPOINT_URL is `<base>/sandbox/mobile-push/v1/notifications`. */
export const MOBILE_PUSH_EMULATOR_PREFIX = 'sandbox/mobile-push/v1';

/**
 * The body exactly as signed, when the app kept it: Nest's `rawBody` option, or `express.raw` on
 * this path. Waybill's API parses JSON before the sandbox sees it, so otherwise the parsed body is
 * serialized again, compactly: byte for byte what a sender that signs `JSON.stringify` output (as
 * Waybill's does) sent. A sender with other spacing fails to verify here, never wrongly passes.
 */
export function signedBodyOf(request: Request & { rawBody?: unknown }): string {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody.toString('utf8');
  const body: unknown = request.body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (typeof body === 'string') return body;
  return body === undefined ? '' : JSON.stringify(body);
}

/**
 * The platform's mobile backend (docs/push.md): Standard Webhooks signature, dedupe by `id`, answers
 * `{ deliveredTo }` or `{ error, message }`. It checks its own signature, so the app's API key does
 * not apply. Kept out of the OpenAPI document: docs/push.md describes it.
 */
@Public()
@ApiExcludeController()
@Controller(MOBILE_PUSH_EMULATOR_PREFIX)
export class MobilePushEmulatorController {
  constructor(
    private readonly emulator: MobilePushEmulatorService,
    private readonly controls: MobilePushControls,
  ) {}

  @Post('notifications')
  async receive(@Headers() headers: Record<string, string | string[] | undefined>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const delay = this.controls.takeDelay();
    if (delay && !(await stillConnectedAfter(response, delay.delayMs))) {
      // The sender gave up before the backend looked at the notification: nothing was delivered.
      this.controls.count('abandoned');
      return;
    }
    const answer = await this.emulator.receive({ headers, rawBody: signedBodyOf(request) });
    await this.send(answer, response);
  }

  private async send(answer: MobilePushAnswer, response: Response): Promise<void> {
    if (answer.delayMs !== undefined && !(await stillConnectedAfter(response, answer.delayMs))) return;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    response.status(answer.status).json(answer.body);
  }
}
