import { redactUrl, scrubContactDetails, truncateIp } from '../../../src/logging/log-redaction';

describe('redactUrl', () => {
  it.each([
    ['/t/eyJ.abc.def', '/t/[redacted]'],
    ['/t/eyJ.abc.def/confirm-receipt', '/t/[redacted]/confirm-receipt'],
    ['/v1/track/eyJ.abc.def/events?lastEventId=4', '/v1/track/[redacted]/events?lastEventId=4'],
    ['/v1/unsubscribe/eyJ.abc.def', '/v1/unsubscribe/[redacted]'],
    ['//v1//track/eyJ.abc.def', '//v1//track/[redacted]'],
    ['/V1/Track/eyJ.abc.def', '/V1/Track/[redacted]'],
    ['/v1/orders/A-1001?status=delivered&limit=5', '/v1/orders/A-1001?status=delivered&limit=5'],
    ['/admin/login?next=%2Fadmin&key=wb_live_x', '/admin/login?next=%2Fadmin&key=[redacted]'],
    ['/x?Token=a&api_key=b&apiKey=c&email=d&phone=e&%65mail=f', '/x?Token=[redacted]&api_key=[redacted]&apiKey=[redacted]&email=[redacted]&phone=[redacted]&%65mail=[redacted]'],
    ['/x?%E0%A4%A=1', '/x?%E0%A4%A=1'],
    ['/sandbox/sms?to=%2B14155550123', '/sandbox/sms?to=[redacted]'],
    ['/sandbox/mail?to=ada%40example.com&limit=5', '/sandbox/mail?to=[redacted]&limit=5'],
  ])('shows %s as %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::/48'],
    [undefined, undefined],
  ])('shows %s as %s', (ip, shown) => {
    expect(truncateIp(ip)).toBe(shown);
  });
});

describe('scrubContactDetails', () => {
  it('masks addresses and international numbers an SMTP or SMS provider quoted', () => {
    const quoted = '550 5.1.1 <ada.lovelace+orders@example.co.uk>: Recipient address rejected; SMS to +1 415-555-0123 failed';
    expect(scrubContactDetails(quoted)).toBe('550 5.1.1 <[email]>: Recipient address rejected; SMS to [phone] failed');
  });

  it('leaves order IDs, tracking numbers and times alone', () => {
    const text = 'Order A-1001 parcel 1Z5R89390357567127 at 2026-11-27T10:00:00+01:00 attempt 3';
    expect(scrubContactDetails(text)).toBe(text);
  });
});
