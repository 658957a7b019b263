import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SANDBOX_CARRIERS, type SandboxCarrier } from '../sandbox-carriers';
import { SCENARIO_NAMES, type ScenarioName } from '../scenarios';

/** A parcel created through the sandbox control API. Its timeline is computed, never stored. */
@Schema({ collection: 'sandbox_parcels', versionKey: false })
export class SandboxParcel {
  @Prop({ type: String, required: true, unique: true })
  trackingNumber!: string;

  @Prop({ type: String, required: true, enum: SANDBOX_CARRIERS })
  carrier!: SandboxCarrier;

  @Prop({ type: String, required: true, enum: SCENARIO_NAMES })
  scenario!: ScenarioName;

  @Prop({ type: Number, required: true })
  speed!: number;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  /** Whether the emulator pushes this parcel's events to Waybill's webhooks, as a subscribed carrier does. */
  @Prop({ type: Boolean })
  pushEnabled?: boolean;

  /** How many timeline steps have been pushed and acknowledged. */
  @Prop({ type: Number })
  pushedSteps?: number;

  /** When the push dispatcher next looks at the parcel; null once there is nothing left to push. */
  @Prop({ type: Date, index: true })
  nextPushAt?: Date | null;

  /** Consecutive failed deliveries of the pending push. */
  @Prop({ type: Number })
  pushFailures?: number;
}

export const SandboxParcelSchema = SchemaFactory.createForClass(SandboxParcel);
