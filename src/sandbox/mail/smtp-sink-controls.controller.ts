import { Body, Controller, Get, HttpCode, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../../auth/public.decorator';
import { ZodMessageFilter } from '../http/zod-message.filter';
import { SmtpSinkControls, type QueuedSmtpSinkFault, type SmtpSinkStats } from './smtp-sink-controls';
import { SmtpSinkControlsDto } from './smtp-sink-controls.dto';

export interface SmtpSinkControlsView {
  pendingFaults: QueuedSmtpSinkFault[];
  stats: SmtpSinkStats;
}

/** The SMTP sink's knobs: faults for the next messages, and counters. Public because the sandbox is never enabled in production. */
@Public()
@ApiTags('sandbox')
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller('sandbox/mail/controls')
export class SmtpSinkControlsController {
  constructor(private readonly controls: SmtpSinkControls) {}

  @Get()
  get(): SmtpSinkControlsView {
    return this.view();
  }

  /** Applies `reset`, then queues `fault` for the next `count` (default 1) messages. */
  @Post()
  @HttpCode(200)
  set(@Body() body: SmtpSinkControlsDto): SmtpSinkControlsView {
    if (body.reset) this.controls.reset();
    if (body.fault) this.controls.queueFault({ fault: body.fault, count: body.count ?? 1 });
    return this.view();
  }

  private view(): SmtpSinkControlsView {
    return { pendingFaults: this.controls.pendingFaults(), stats: this.controls.stats() };
  }
}
