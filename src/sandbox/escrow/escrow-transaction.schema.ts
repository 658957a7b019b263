import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A transfer or refund the escrow emulator created; `_id` is its `tr_…`/`re_…` ID. */
@Schema({ collection: 'sandbox_escrow_transactions', versionKey: false })
export class SandboxEscrowTransaction {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true, enum: ['transfer', 'refund'] })
  object!: 'transfer' | 'refund';

  @Prop({ type: String, required: true, index: true })
  orderId!: string;

  @Prop({ type: Number, required: true })
  amount!: number;

  @Prop({ type: String, required: true })
  currency!: string;

  @Prop({ type: String })
  reason?: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export const SandboxEscrowTransactionSchema = SchemaFactory.createForClass(SandboxEscrowTransaction);
