/** What the rest of the app uses from the sandbox. */
export { SandboxModule } from './sandbox.module';
export { SANDBOX_CLOCK, type SandboxClock, type SandboxModuleOptions, type SandboxUpsOptions } from './sandbox.options';
export { SandboxParcelsService, type CreateSandboxParcel, type PlayedParcel } from './parcels/sandbox-parcels.service';
export { SandboxMailService } from './mail/sandbox-mail.service';
export { SmtpSink } from './smtp-sink';
export { CarrierControls, type CarrierFault, type CarrierLimits, type CarrierStats, type QueuedFault } from './controls/carrier-controls';
export { UPS_EMULATOR_PREFIX } from './ups/ups-emulator.controller';
export { SCENARIO_NAMES, SCENARIOS, ScenarioNameSchema, type Scenario, type ScenarioName } from './scenarios';
export { SANDBOX_CARRIERS, type SandboxCarrier } from './sandbox-carriers';
