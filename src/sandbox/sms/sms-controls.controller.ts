import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Query, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../../auth/public.decorator';
import { ZodMessageFilter } from '../http/zod-message.filter';
import { SmsControls, type QueuedSmsFault, type SmsStats } from './sms-controls';
import { ListSmsQueryDto, QueueSmsFaultDto, StoppedNumberDto } from './sms-controls.dto';
import { SmsEmulatorService } from './sms-emulator.service';
import { sandboxSmsView, type SandboxSmsView } from './sms-render';

export interface SmsControlsView {
  pendingFaults: QueuedSmsFault[];
  /** Numbers the emulator answers with 21610, as if their owners had replied STOP. */
  stoppedNumbers: string[];
  stats: SmsStats;
}

/**
 * What the SMS emulator received, and its knobs: queue faults for the next sends, stop and restart
 * numbers, read the counters. Public because the sandbox is never enabled in production.
 */
@Public()
@ApiTags('sandbox')
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller('sandbox/sms')
export class SmsControlsController {
  constructor(
    private readonly controls: SmsControls,
    private readonly sms: SmsEmulatorService,
  ) {}

  /** The recorded messages, newest first; optionally only those to one number. */
  @Get()
  async list(@Query() query: ListSmsQueryDto): Promise<{ messages: SandboxSmsView[] }> {
    const messages = await this.sms.list({ to: query.to, limit: query.limit });
    return { messages: messages.map(sandboxSmsView) };
  }

  @Get('controls')
  get(): SmsControlsView {
    return this.view();
  }

  @Post('faults')
  @HttpCode(201)
  queueFault(@Body() queued: QueueSmsFaultDto): SmsControlsView {
    this.controls.queueFault(queued);
    return this.view();
  }

  @Post('stopped')
  @HttpCode(201)
  stop(@Body() body: StoppedNumberDto): SmsControlsView {
    this.controls.stop(body.number);
    return this.view();
  }

  @Delete('stopped/:number')
  @HttpCode(200)
  unstop(@Param() params: StoppedNumberDto): SmsControlsView {
    if (!this.controls.unstop(params.number)) throw new NotFoundException(`${params.number} is not stopped`);
    return this.view();
  }

  @Post('reset')
  @HttpCode(200)
  reset(): SmsControlsView {
    this.controls.reset();
    return this.view();
  }

  private view(): SmsControlsView {
    return { pendingFaults: this.controls.pendingFaults(), stoppedNumbers: this.controls.stoppedNumbers(), stats: this.controls.stats() };
  }
}
