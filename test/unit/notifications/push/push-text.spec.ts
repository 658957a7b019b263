import { fitPushText, PUSH_BODY_MAX_CHARS, PUSH_TITLE_MAX_CHARS } from '../../../../activities/notifications/push/push-sender';

describe(fitPushText.name, () => {
  const length = (s: string) => Array.from(s).length;

  it('keeps text that fits, with whitespace runs collapsed', () => {
    expect(fitPushText('  Your order\n has   shipped ', 65)).toBe('Your order has shipped');
    const exact = 'x'.repeat(PUSH_TITLE_MAX_CHARS);
    expect(fitPushText(exact, PUSH_TITLE_MAX_CHARS)).toBe(exact);
  });

  it('cuts on the last word boundary and adds an ellipsis, never exceeding the limit', () => {
    const text = 'Your parcel from Example Shop is out for delivery and will arrive by 8 pm tonight';
    const fitted = fitPushText(text, 40);
    expect(fitted).toBe('Your parcel from Example Shop is out…');
    expect(length(fitted)).toBeLessThanOrEqual(40);
  });

  it('drops punctuation left dangling before the ellipsis', () => {
    expect(fitPushText('Delivered today, at the front door, signed by the customer', 37)).toBe('Delivered today, at the front door…');
    expect(fitPushText('Delayed: new date Tuesday. More soon from the carrier', 29)).toBe('Delayed: new date Tuesday…');
  });

  it('cuts mid-word only when the last boundary would keep less than half', () => {
    const fitted = fitPushText(`Hi ${'a'.repeat(80)}`, 20);
    expect(fitted).toBe(`Hi ${'a'.repeat(16)}…`);
    expect(length(fitted)).toBe(20);
  });

  it('counts code points, so an emoji is never split', () => {
    const fitted = fitPushText('📦'.repeat(70), PUSH_TITLE_MAX_CHARS);
    expect(length(fitted)).toBe(PUSH_TITLE_MAX_CHARS);
    expect(fitted).toBe(`${'📦'.repeat(PUSH_TITLE_MAX_CHARS - 1)}…`);
    expect(length(fitPushText('word '.repeat(100), PUSH_BODY_MAX_CHARS))).toBeLessThanOrEqual(PUSH_BODY_MAX_CHARS);
  });
});
