import { SANDBOX_PUSH_SIGNING_SECRET, SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN } from '../../../src/config/config';
import { resolveMobilePushEmulatorOptions } from '../../../src/sandbox/mobile-push/mobile-push-emulator.options';
import { resolveSmsEmulatorOptions } from '../../../src/sandbox/sms/sms-emulator.options';

/** The provider emulators accept what development is configured to send, or the sandbox's own credentials. */
describe('emulator credentials', () => {
  it('default to the sandbox values', () => {
    expect(resolveSmsEmulatorOptions({} as never)).toEqual({ accountSid: SANDBOX_SMS_ACCOUNT_SID, authToken: SANDBOX_SMS_AUTH_TOKEN });
    expect(resolveMobilePushEmulatorOptions({} as never)).toEqual({ signingSecret: SANDBOX_PUSH_SIGNING_SECRET });
  });

  it('follow credentials development configured for them', () => {
    expect(resolveSmsEmulatorOptions({ sms: { accountSid: 'AC0123', authToken: 'own-token' } } as never)).toEqual({ accountSid: 'AC0123', authToken: 'own-token' });
    expect(resolveMobilePushEmulatorOptions({ mobilePush: { signingSecret: 'whsec_b3du' } } as never)).toEqual({ signingSecret: 'whsec_b3du' });
  });
});
