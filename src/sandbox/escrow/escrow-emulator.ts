import type { Provider, Type } from '@nestjs/common';
import type { ModelDefinition } from '@nestjs/mongoose';
import { SANDBOX_OPTIONS, type SandboxModuleOptions } from '../sandbox.options';
import { EscrowControls } from './escrow-controls';
import { EscrowControlsController } from './escrow-controls.controller';
import { EscrowEmulatorController } from './escrow-emulator.controller';
import { ESCROW_EMULATOR_OPTIONS, resolveEscrowEmulatorOptions } from './escrow-emulator.options';
import { EscrowEmulatorService } from './escrow-emulator.service';
import { EscrowIdempotencyRepository } from './escrow-idempotency.repository';
import { SandboxEscrowIdempotencyKey, SandboxEscrowIdempotencyKeySchema } from './escrow-idempotency.schema';
import { EscrowTransactionRepository } from './escrow-transaction.repository';
import { SandboxEscrowTransaction, SandboxEscrowTransactionSchema } from './escrow-transaction.schema';
import { MongoEscrowIdempotencyRepository } from './mongo-escrow-idempotency.repository';
import { MongoEscrowTransactionRepository } from './mongo-escrow-transaction.repository';

/** Everything `SandboxModule` registers for the escrow provider emulator. */
export const ESCROW_EMULATOR: { models: ModelDefinition[]; controllers: Type[]; providers: Provider[] } = {
  models: [
    { name: SandboxEscrowTransaction.name, schema: SandboxEscrowTransactionSchema },
    { name: SandboxEscrowIdempotencyKey.name, schema: SandboxEscrowIdempotencyKeySchema },
  ],
  controllers: [EscrowEmulatorController, EscrowControlsController],
  providers: [
    { provide: ESCROW_EMULATOR_OPTIONS, inject: [SANDBOX_OPTIONS], useFactory: (options: SandboxModuleOptions) => resolveEscrowEmulatorOptions(options) },
    { provide: EscrowTransactionRepository, useClass: MongoEscrowTransactionRepository },
    { provide: EscrowIdempotencyRepository, useClass: MongoEscrowIdempotencyRepository },
    EscrowControls,
    EscrowEmulatorService,
  ],
};
