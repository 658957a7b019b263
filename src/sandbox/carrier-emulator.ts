import type { Provider, Type } from '@nestjs/common';
import type { Carrier } from '../../workflows/shared/vocabulary';
import type { CarrierLimits } from './controls/carrier-controls';
import type { CarrierPushRenderer, SandboxPushSecrets } from './push/carrier-push-renderer';

/**
 * Everything the sandbox needs to host one carrier's emulator. Each carrier folder exports one;
 * `SandboxModule` registers their controllers and providers, and the push dispatcher their renderers.
 */
export interface CarrierEmulator {
  carrier: Carrier;
  controllers: Type[];
  providers: Provider[];
  /** Paths (relative to the app root, no leading slash) whose POST bodies are HTML forms, e.g. OAuth token endpoints. */
  formBodyRoutes: string[];
  /** The carrier's real limits, as the emulator starts with them (the control API can change them). */
  defaultLimits: Partial<CarrierLimits>;
  pushRenderer(secrets: SandboxPushSecrets): CarrierPushRenderer;
}
