import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * For actions that take no input: no body, or `{}`. Anything else is a 400 naming the field, so a
 * request that tries to set `status` or `escrow.released` on the way is refused, not ignored.
 */
export const NoBodySchema = z.preprocess((body) => body ?? {}, z.strictObject({}));
export class NoBodyDto extends createZodDto(NoBodySchema) {}
