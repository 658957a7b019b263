/**
 * The old home of the email renderer, kept so existing imports work. The templates live in
 * ./templates (email, SMS, push; English and Spanish): see docs/notifications.md.
 */
export { formatForCustomer } from './customer-format';
export type { Brand } from './templates/brand';
export type { MessageLinks } from './templates/links';
export { renderMilestoneEmail, type RenderedEmail, type UnsubscribeHeaders } from './templates/render-email';
