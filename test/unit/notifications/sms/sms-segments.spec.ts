import { fitToSegments, measureSms, SMS_MAX_SEGMENTS } from '../../../../activities/notifications/sms/sms-segments';

describe('measureSms', () => {
  it('counts pure GSM-7 text: 160 in one segment, then 153 per segment', () => {
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(measureSms('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, characters: 161 });
    expect(measureSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(307))).toMatchObject({ segments: 3 });
    expect(measureSms('Your order A-1001 has shipped! Track it: https://t.example/x?id=1 @ £5 ¥ è')).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('counts GSM-7 extension characters like € and { twice', () => {
    expect(measureSms('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(measureSms('€'.repeat(81))).toEqual({ encoding: 'GSM-7', segments: 2, characters: 162 });
    expect(measureSms(`${'a'.repeat(159)}{`)).toEqual({ encoding: 'GSM-7', segments: 2, characters: 161 });
    expect(measureSms('[]{}\\^~|')).toMatchObject({ characters: 16 });
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7: 70, then 67 per segment', () => {
    expect(measureSms('ж'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1, characters: 70 });
    expect(measureSms('ж'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2, characters: 71 });
    expect(measureSms('ж'.repeat(134))).toMatchObject({ segments: 2 });
    expect(measureSms('ж'.repeat(135))).toMatchObject({ segments: 3 });
    // A curly apostrophe is enough.
    expect(measureSms(`We’re on our way${' '.repeat(60)}`)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });

  it('counts an emoji as two UCS-2 code units', () => {
    expect(measureSms(`📦${'a'.repeat(68)}`)).toEqual({ encoding: 'UCS-2', segments: 1, characters: 70 });
    expect(measureSms(`📦${'a'.repeat(69)}`)).toEqual({ encoding: 'UCS-2', segments: 2, characters: 71 });
  });

  it('says an empty body is no segment at all', () => {
    expect(measureSms('')).toEqual({ encoding: 'GSM-7', segments: 0, characters: 0 });
  });
});

describe('fitToSegments', () => {
  const words = (n: number, word = 'parcel') => Array.from({ length: n }, () => word).join(' ');

  it('leaves a message that fits alone, and budgets two segments by default', () => {
    expect(SMS_MAX_SEGMENTS).toBe(2);
    const text = 'a'.repeat(306);
    expect(fitToSegments(text)).toBe(text);
    expect(fitToSegments('Out for delivery today.', 1)).toBe('Out for delivery today.');
  });

  it('shortens GSM-7 text on a word boundary with "...", staying GSM-7', () => {
    const text = words(60); // 419 characters
    const fitted = fitToSegments(text, 2);
    expect(fitted).toMatch(/^(parcel )*parcel\.\.\.$/);
    expect(measureSms(fitted)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    // As long as it can be: one more word would not fit.
    expect(measureSms(`${fitted.slice(0, -3)} parcel...`).segments).toBe(3);
    expect(measureSms(fitToSegments(text, 1))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('shortens UCS-2 text with "…", and never cuts an emoji in half', () => {
    const text = `📦 ${words(40, 'посылка')}`;
    const fitted = fitToSegments(text, 2);
    expect(fitted.endsWith('посылка…')).toBe(true);
    expect(measureSms(fitted)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    const emojis = '📦'.repeat(100);
    const cut = fitToSegments(emojis, 1);
    expect(cut).toMatch(/^(📦)+…$/u);
    expect(measureSms(cut).segments).toBe(1);
  });

  it('drops punctuation left before the ellipsis, and hard-cuts a single word that is too long', () => {
    const text = `Delivered, ${'x'.repeat(200)}`;
    expect(fitToSegments(text, 1)).toBe('Delivered...');
    const word = 'y'.repeat(400);
    const cut = fitToSegments(word, 1);
    expect(cut).toBe(`${'y'.repeat(157)}...`);
  });

  it('refuses a budget below one segment', () => {
    expect(() => fitToSegments('hi', 0)).toThrow(RangeError);
  });
});
