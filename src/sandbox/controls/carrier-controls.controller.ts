import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../../auth/public.decorator';
import { ZodMessageFilter } from '../http/zod-message.filter';
import { CarrierLimitsPatchDto, CarrierParamDto, QueueFaultDto } from '../sandbox.dto';
import { SANDBOX_CARRIERS } from '../sandbox-carriers';
import { CarrierControls, type CarrierLimits, type CarrierStats, type QueuedFault } from './carrier-controls';

export interface CarrierControlsView {
  carrier: string;
  limits: CarrierLimits;
  pendingFaults: QueuedFault[];
  stats: CarrierStats;
}

/**
 * The sandbox's carrier knobs over HTTP: limits, token lifetime, latency, forced faults, and the
 * counters benchmarks read. Public like the rest of the sandbox, which production never enables.
 */
@Public()
@ApiTags('sandbox')
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller('sandbox/carriers')
export class CarrierControlsController {
  constructor(private readonly controls: CarrierControls) {}

  @Get()
  list(): { carriers: CarrierControlsView[] } {
    return { carriers: SANDBOX_CARRIERS.map((carrier) => this.view(carrier)) };
  }

  @Get(':carrier')
  get(@Param() { carrier }: CarrierParamDto): CarrierControlsView {
    return this.view(carrier);
  }

  @Patch(':carrier')
  configure(@Param() { carrier }: CarrierParamDto, @Body() patch: CarrierLimitsPatchDto): CarrierControlsView {
    this.controls.configure(carrier, patch);
    return this.view(carrier);
  }

  @Post(':carrier/faults')
  @HttpCode(201)
  queueFault(@Param() { carrier }: CarrierParamDto, @Body() fault: QueueFaultDto): CarrierControlsView {
    this.controls.queueFault(carrier, fault);
    return this.view(carrier);
  }

  @Post(':carrier/reset')
  @HttpCode(200)
  reset(@Param() { carrier }: CarrierParamDto): CarrierControlsView {
    this.controls.reset(carrier);
    return this.view(carrier);
  }

  private view(carrier: CarrierParamDto['carrier']): CarrierControlsView {
    return { carrier, limits: this.controls.limits(carrier), pendingFaults: this.controls.pendingFaults(carrier), stats: this.controls.stats(carrier) };
  }
}
