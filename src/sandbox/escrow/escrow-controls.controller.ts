import { Body, Controller, Get, HttpCode, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../../auth/public.decorator';
import { ZodMessageFilter } from '../http/zod-message.filter';
import { EscrowControls, type EscrowStats, type QueuedEscrowFault } from './escrow-controls';
import { QueueEscrowFaultDto } from './escrow-controls.dto';

export interface EscrowControlsView {
  pendingFaults: QueuedEscrowFault[];
  stats: EscrowStats;
}

/**
 * The escrow emulator's knobs over HTTP: queue faults for the next create calls, read the counters.
 * What was created is read from the emulated API itself (`GET /sandbox/escrow/v1/transfers?order_id=`).
 */
@Public()
@ApiTags('sandbox')
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller('sandbox/escrow')
export class EscrowControlsController {
  constructor(private readonly controls: EscrowControls) {}

  @Get()
  get(): EscrowControlsView {
    return this.view();
  }

  @Post('faults')
  @HttpCode(201)
  queueFault(@Body() queued: QueueEscrowFaultDto): EscrowControlsView {
    this.controls.queueFault(queued);
    return this.view();
  }

  @Post('reset')
  @HttpCode(200)
  reset(): EscrowControlsView {
    this.controls.reset();
    return this.view();
  }

  private view(): EscrowControlsView {
    return { pendingFaults: this.controls.pendingFaults(), stats: this.controls.stats() };
  }
}
