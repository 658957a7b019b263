import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../infra/tool-paths';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const StackEnvSchema = z.object({
  WAYBILL_DATA_DIR: z.string().default(join(PROJECT_ROOT, '.data')),
  PORT: port(3000),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  FERRETDB_PORT: port(27017),
  SANDBOX_SMTP_PORT: port(2525),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  MONGODB_URI: z.string().optional(),
  WAYBILL_API_KEYS: z.string().optional(),
  /**
   * Extra `key=value` dynamic-config settings for the Temporal dev server, comma-separated, e.g.
   * `limit.historyCount.suggestContinueAsNew=400` to see continue-as-new within minutes.
   */
  TEMPORAL_DEV_DYNAMIC_CONFIG: z
    .string()
    .regex(/^\s*[\w.]+=[^,=]+(\s*,\s*[\w.]+=[^,=]+)*\s*$/, 'expected key=value pairs separated by commas')
    .optional(),
});

/** Where and on which ports `npm run dev` runs everything; every value has a default. */
export type StackSettings = z.infer<typeof StackEnvSchema>;

/** `--dynamic-config-value` arguments for the Temporal dev server, from TEMPORAL_DEV_DYNAMIC_CONFIG. */
export function dynamicConfigArgs(settings: StackSettings): string[] {
  const pairs = (settings.TEMPORAL_DEV_DYNAMIC_CONFIG ?? '').split(',').map((pair) => pair.trim()).filter(Boolean);
  return pairs.flatMap((pair) => ['--dynamic-config-value', pair]);
}

export function readStackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const parsed = StackEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid setting: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
