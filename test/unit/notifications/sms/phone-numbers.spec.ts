import { checkPhoneNumber, InvalidPhoneNumberError, isE164, toE164 } from '../../../../activities/notifications/sms/phone-numbers';

describe('toE164', () => {
  it.each([
    ['+1 202-456-1111', undefined, '+12024561111'],
    ['(202) 456-1111', 'US', '+12024561111'],
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['07400 123456', 'gb', '+447400123456'],
    ['+49 30 901820', undefined, '+4930901820'],
    ['01512 3456789', 'DE', '+4915123456789'],
    ['+33 1 42 68 53 00', undefined, '+33142685300'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    // A number written with its country code wins over the default country.
    ['+33 6 12 34 56 78', 'US', '+33612345678'],
  ])('reads %s (default %s) as %s', (raw, country, e164) => {
    expect(toE164(raw, country)).toBe(e164);
  });

  it.each([
    ['+1 123 456 7890', undefined, 'invalid_number'], // US area codes never start with 1
    ['+1 202 456 11112', undefined, 'invalid_number'], // one digit too many
    ['+44 20 1234', undefined, 'invalid_number'],
    ['07700 900123', 'GB', 'invalid_number'], // Ofcom's drama range is not assigned to mobiles
    ['+49 123', undefined, 'invalid_number'],
    ['+33 0 12 34 56 78', undefined, 'invalid_number'],
    ['+33 1 23', undefined, 'invalid_number'],
    ['06 12 34 56 78', undefined, 'country_unknown'],
    ['06 12 34 56 78', 'XX', 'country_unknown'],
    ['hello', 'US', 'not_a_number'],
    ['', 'US', 'not_a_number'],
    ['+1 202-456-1111 ext. 12', undefined, 'has_extension'],
  ])('refuses %s (default %s): %s', (raw, country, reason) => {
    expect(checkPhoneNumber(raw, country)).toEqual({ valid: false, reason });
    expect(() => toE164(raw, country)).toThrow(InvalidPhoneNumberError);
    expect(() => toE164(raw, country)).toThrow(expect.objectContaining({ reason }));
  });

  it('says which country a valid number belongs to, and keeps the number out of error messages', () => {
    expect(checkPhoneNumber('+49 1512 3456789')).toEqual({ valid: true, e164: '+4915123456789', country: 'DE' });
    expect(() => toE164('+44 20 1234')).toThrow('Not a valid phone number (invalid_number)');
  });
});

describe('isE164', () => {
  it('accepts only valid numbers written exactly in E.164', () => {
    expect(isE164('+12024561111')).toBe(true);
    expect(isE164('+447400123456')).toBe(true);
    expect(isE164('+12024561111 ')).toBe(false);
    expect(isE164('+1 202 456 1111')).toBe(false);
    expect(isE164('12024561111')).toBe(false);
    expect(isE164('+11234567890')).toBe(false);
    expect(isE164('+0123456789')).toBe(false);
  });
});
