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
}

export const SandboxParcelSchema = SchemaFactory.createForClass(SandboxParcel);
