import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CODEC_MAX_PAYLOADS } from './codec.options';

/**
 * Standard base64 with padding, as protobuf's JSON mapping writes bytes. Checked without a
 * repeated group, so a multi-megabyte string costs one linear scan.
 */
const isBase64 = (value: string): boolean => value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);

const Base64 = z.string().refine(isBase64, 'must be standard base64');

/** Metadata keys are short ASCII names set by SDKs (`encoding`, `encryption-key-id`, `messageType`). */
const MetadataKey = z.string().regex(/^[\x21-\x7e]{1,256}$/, 'metadata keys are 1-256 printable ASCII characters');

/** zod drops a `__proto__` key without a word; a payload changed in silence is worse than a 400. */
const Metadata = z.preprocess(
  (raw, ctx) => {
    if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, '__proto__')) ctx.addIssue({ code: 'custom', message: 'metadata key __proto__ is not allowed' });
    return raw;
  },
  z.record(MetadataKey, Base64).refine((metadata) => Object.keys(metadata).length <= 64, 'at most 64 metadata entries'),
);

/** A Temporal Payload in protobuf's JSON mapping: the Temporal UI's and CLI's codec format. */
export const CodecPayloadSchema = z.strictObject({
  metadata: Metadata.default({}),
  data: Base64.optional(),
});
export type CodecPayload = z.infer<typeof CodecPayloadSchema>;

export const CodecRequestSchema = z.strictObject({
  payloads: z.array(CodecPayloadSchema).max(CODEC_MAX_PAYLOADS),
});
export class CodecRequestDto extends createZodDto(CodecRequestSchema) {}
