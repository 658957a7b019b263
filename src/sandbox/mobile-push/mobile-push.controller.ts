import { Body, Controller, Get, HttpCode, Post, Query, UseFilters, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../../auth/public.decorator';
import { ZodMessageFilter } from '../http/zod-message.filter';
import { MobilePushControls, type MobilePushStats, type QueuedMobilePushFault } from './mobile-push-controls';
import { ListMobilePushQueryDto, MobilePushControlsDto } from './mobile-push.dto';
import { MobilePushEmulatorService, type MobilePushView } from './mobile-push-emulator.service';

export interface MobilePushControlsView {
  pendingFaults: QueuedMobilePushFault[];
  /** customerRefs answered 410 `no_devices`. */
  noDevices: string[];
  stats: MobilePushStats;
}

/** What the mobile-push emulator received, and its knobs: faults for the next notifications, the no-devices list, counters. */
@Public()
@ApiTags('sandbox')
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller('sandbox/mobile-push')
export class MobilePushController {
  constructor(
    private readonly emulator: MobilePushEmulatorService,
    private readonly controls: MobilePushControls,
  ) {}

  /** Accepted notifications, newest first; `orderId` narrows to one order. */
  @Get()
  async list(@Query() query: ListMobilePushQueryDto): Promise<{ notifications: MobilePushView[] }> {
    return { notifications: await this.emulator.list(query) };
  }

  @Get('controls')
  getControls(): MobilePushControlsView {
    return this.view();
  }

  /** Applies `reset`, then the `noDevices` changes, then queues `fault` for the next `count` (default 1) notifications. */
  @Post('controls')
  @HttpCode(200)
  setControls(@Body() body: MobilePushControlsDto): MobilePushControlsView {
    if (body.reset) this.controls.reset();
    if (body.noDevices?.clear) this.controls.clearNoDevices();
    if (body.noDevices?.remove) this.controls.removeNoDevices(body.noDevices.remove);
    if (body.noDevices?.add) this.controls.addNoDevices(body.noDevices.add);
    if (body.fault) this.controls.queueFault({ fault: body.fault, count: body.count ?? 1 });
    return this.view();
  }

  private view(): MobilePushControlsView {
    return { pendingFaults: this.controls.pendingFaults(), noDevices: this.controls.noDevices(), stats: this.controls.stats() };
  }
}
