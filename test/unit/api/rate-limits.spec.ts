import type { Request } from 'express';
import { rateLimitRuleFor } from '../../../src/api/rate-limits';

const requestTo = (method: string, route: string, path = route): Request => ({ method, route: { path: route }, path }) as unknown as Request;

describe('rateLimitRuleFor', () => {
  it.each([
    ['GET', '/t/:token', 'public'],
    ['POST', '/t/:token/confirm-receipt', 'public'],
    ['GET', '/t/assets/:name', 'public'],
    ['GET', '/v1/track/:token', 'public'],
    ['GET', '/v1/track/:token/events', 'public'],
    ['POST', '/v1/unsubscribe/:token', 'public'],
    ['POST', '/admin/login', 'public'],
    ['POST', '/v1/webhooks/:source', 'webhooks'],
    ['POST', '/v1/orders/:orderId/customer-token', 'customerTokens'],
    ['POST', '/v1/orders/:orderId/notifications/resend', 'resend'],
    ['POST', '/v1/orders/:orderId/shipments/:shipmentId/refresh', 'refresh'],
    ['POST', '/admin/orders/:orderId/notifications/resend', 'resend'],
    ['POST', '/admin/orders/:orderId/shipments/:shipmentId/refresh', 'refresh'],
  ])('limits %s %s under %s', (method, route, policy) => {
    expect(rateLimitRuleFor(requestTo(method, route))?.policy).toBe(policy);
  });

  it.each([
    ['POST', '/v1/orders'],
    ['GET', '/v1/orders/:orderId'],
    ['GET', '/v1/orders/:orderId/notifications'],
    ['GET', '/v1/orders/:orderId/customer-token'],
    ['POST', '/admin/orders/:orderId/escrow/release'],
    ['GET', '/tracking'],
    ['GET', '/admin/login'],
    ['GET', '/health/ready'],
  ])('leaves %s %s alone', (method, route) => {
    expect(rateLimitRuleFor(requestTo(method, route))).toBeUndefined();
  });

  it('matches the route’s pattern, not the URL the client sent', () => {
    expect(rateLimitRuleFor(requestTo('GET', '/v1/orders/:orderId', '/v1/track/x'))).toBeUndefined();
  });
});
