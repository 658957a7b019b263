export { httpsUrl, type Brand } from './brand';
export type { MessageLinks } from './links';
export { resolveLanguage, LANGUAGES, type Language } from './locale';
export { renderMilestoneEmail, type RenderedEmail, type UnsubscribeHeaders } from './render-email';
export { renderMilestonePush, PUSH_BODY_MAX, PUSH_TITLE_MAX, type RenderedPush } from './render-push';
export { renderMilestoneSms, smsSegments, SMS_SEGMENT_BUDGET } from './render-sms';
