import { SegmentedMessage } from 'sms-segments-calculator';

/**
 * How an SMS body travels. A message of only GSM-7 characters (the GSM 03.38 alphabet) is sent
 * 7 bits a character: 160 in one segment, 153 per segment once it is split (a concatenated
 * message spends 7 on a header). The extension characters `€ [ ] { } \ ^ ~ |` and form feed take
 * two. One character outside that alphabet (an emoji, `’`, `…`, Cyrillic) makes the whole message
 * UCS-2: 70 UTF-16 code units in one segment, 67 per segment when split, and an emoji is two.
 * Each segment is billed as a message.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentation {
  encoding: SmsEncoding;
  segments: number;
  /** The length the network counts: GSM-7 septets (extension characters count 2) or UTF-16 code units. */
  characters: number;
}

/** Single-segment and per-segment capacity of each encoding. */
export const SMS_SEGMENT_LIMITS: Record<SmsEncoding, { single: number; concatenated: number }> = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
};

/** Waybill's SMS templates stay within two segments; `fitToSegments` enforces it. */
export const SMS_MAX_SEGMENTS = 2;

const BITS_PER_CHARACTER: Record<SmsEncoding, number> = { 'GSM-7': 7, 'UCS-2': 16 };

/** What `fitToSegments` ends a shortened message with: `…` is not GSM-7 and would make the message UCS-2. */
const ELLIPSIS: Record<SmsEncoding, string> = { 'GSM-7': '...', 'UCS-2': '…' };

/** Encoding, segment count and length of `text` as sent (no smart-encoding substitutions). */
export function measureSms(text: string): SmsSegmentation {
  const message = new SegmentedMessage(text);
  const encoding = message.encodingName;
  const segments = text === '' ? 0 : message.segmentsCount;
  return { encoding, segments, characters: message.messageSize / BITS_PER_CHARACTER[encoding] };
}

/**
 * `text` unchanged when it fits `maxSegments` segments; otherwise shortened on a word boundary
 * (a hard cut only when the first word alone is too long) and ended with an ellipsis, `...` for
 * GSM-7 and `…` for UCS-2, so the result keeps the encoding of `text` and fits.
 */
export function fitToSegments(text: string, maxSegments: number = SMS_MAX_SEGMENTS): string {
  if (!Number.isInteger(maxSegments) || maxSegments < 1) throw new RangeError('maxSegments must be a positive integer');
  const measured = measureSms(text);
  if (measured.segments <= maxSegments) return text;
  const ellipsis = ELLIPSIS[measured.encoding];
  const graphemes = splitGraphemes(text);
  const fits = (candidate: string) => measureSms(candidate).segments <= maxSegments;
  const shortened = (count: number) => `${cutAtWord(graphemes, count)}${ellipsis}`;

  // The longest prefix that fits: the candidate only grows with `count`, and so does its length.
  let low = 0;
  let high = graphemes.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(shortened(middle))) low = middle;
    else high = middle - 1;
  }
  return shortened(low);
}

/** The first `count` graphemes, back to the end of the last whole word when that cut a word, without trailing space or punctuation. */
function cutAtWord(graphemes: string[], count: number): string {
  let end = count;
  if (end < graphemes.length && !isSpace(graphemes[end])) {
    let wordStart = end;
    while (wordStart > 0 && !isSpace(graphemes[wordStart - 1])) wordStart -= 1;
    // No whole word before the cut: keep the hard cut rather than nothing.
    if (graphemes.slice(0, wordStart).some((g) => !isSpace(g))) end = wordStart;
  }
  return graphemes
    .slice(0, end)
    .join('')
    .replace(/[\s.,;:!?-]+$/u, '');
}

function isSpace(grapheme: string): boolean {
  return /^\s+$/u.test(grapheme);
}

/** User-perceived characters, so an emoji sequence or an accent is never cut in half. */
function splitGraphemes(text: string): string[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}
