import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseFilters,
  UsePipes,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { Public } from '../auth/public.decorator';
import { CarrierControls } from './controls/carrier-controls';
import { ZodMessageFilter } from './http/zod-message.filter';
import { SandboxMailService } from './mail/sandbox-mail.service';
import { PushNotConfiguredError, SandboxParcelsService } from './parcels/sandbox-parcels.service';
import { CreateParcelDto, ListMailQueryDto, TrackingNumberParamDto } from './sandbox.dto';
import {
  mailView,
  parcelView,
  playedParcelView,
  type MailView,
  type ParcelView,
  type PlayedParcelView,
} from './sandbox.views';
import { SCENARIO_NAMES, SCENARIOS } from './scenarios';

/**
 * The sandbox control API: create parcels that play a scenario, watch their timelines, read the mail
 * the SMTP sink caught. Public because the sandbox is never enabled in production.
 */
@Public()
@ApiTags('sandbox')
// Validates even when the app registers no global zod pipe; the filter words failures clearly.
@UsePipes(ZodValidationPipe)
@UseFilters(ZodMessageFilter)
@Controller('sandbox')
export class SandboxController {
  constructor(
    private readonly parcels: SandboxParcelsService,
    private readonly mail: SandboxMailService,
    private readonly controls: CarrierControls,
  ) {}

  @Post('parcels')
  async createParcel(@Body() body: CreateParcelDto): Promise<ParcelView> {
    try {
      return parcelView(await this.parcels.create(body));
    } catch (err) {
      if (err instanceof PushNotConfiguredError) throw new BadRequestException(err.message);
      throw err;
    }
  }

  @Get('parcels/:trackingNumber')
  async getParcel(@Param() { trackingNumber }: TrackingNumberParamDto): Promise<PlayedParcelView> {
    const played = await this.parcels.play(trackingNumber);
    if (!played) throw new NotFoundException(`No sandbox parcel has tracking number ${trackingNumber}`);
    return playedParcelView(played, this.controls.numberStats(played.parcel.carrier, played.parcel.trackingNumber));
  }

  @Get('scenarios')
  listScenarios(): { scenarios: { name: string; description: string }[] } {
    return { scenarios: SCENARIO_NAMES.map((name) => ({ name, description: SCENARIOS[name].description })) };
  }

  @Get('mail')
  async listMail(@Query() query: ListMailQueryDto): Promise<{ messages: MailView[] }> {
    const messages = await this.mail.list(query);
    return { messages: messages.map(mailView) };
  }

  @Delete('mail')
  @HttpCode(200)
  async clearMail(): Promise<{ deleted: number }> {
    return { deleted: await this.mail.clear() };
  }
}
