import { HttpPushSender } from '../../activities/notifications/push/http-push.sender';
import type { PushSender } from '../../activities/notifications/push/push-sender';
import type { WaybillConfig } from '../config/config';

/**
 * The worker's push sender: HTTP to the platform's mobile backend when PUSH_ENDPOINT_URL and
 * PUSH_SIGNING_SECRET are set (development: the sandbox emulator), otherwise none, and push is off.
 */
export function buildPushSender(config: WaybillConfig): PushSender | undefined {
  return config.pushNotifications ? new HttpPushSender(config.pushNotifications) : undefined;
}
