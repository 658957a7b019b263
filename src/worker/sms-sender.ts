import type { SmsSender } from '../../activities/notifications/sms/sms-sender';
import { TwilioSmsSender } from '../../activities/notifications/sms/twilio-sms.sender';
import type { WaybillConfig } from '../config/config';

/**
 * The worker's SMS sender: Twilio's API (or the sandbox's emulator of it) when SMS is configured,
 * otherwise undefined, and SMS notifications are not sent. See docs/sms.md.
 */
export function buildSmsSender(config: WaybillConfig): SmsSender | undefined {
  return config.sms ? new TwilioSmsSender(config.sms) : undefined;
}
