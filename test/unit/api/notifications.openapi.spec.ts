import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { NotificationLogController } from '../../../src/notifications/notification-log.controller';
import { NotificationPreferencesController } from '../../../src/notifications/notification-preferences.controller';
import { UnsubscribeController } from '../../../src/notifications/unsubscribe.controller';
import { UnsubscribeService } from '../../../src/notifications/unsubscribe.service';
import { UnsubscribeTokenService } from '../../../src/notifications/unsubscribe-token.service';
import { NotificationPreferencesRepository } from '../../../src/persistence/notification-preferences.repository';
import { OutboxRepository } from '../../../src/persistence/outbox.repository';
import { ReadModelRepository } from '../../../src/persistence/read-model.repository';
import { useApiTestApp } from '../../support/api-test-app';

describe('OpenAPI for notification preferences, unsubscribe links and the notification log', () => {
  let document: OpenAPIObject;
  const api = useApiTestApp({
    controllers: [NotificationPreferencesController, UnsubscribeController, NotificationLogController],
    providers: [
      { provide: NotificationPreferencesRepository, useValue: {} },
      { provide: UnsubscribeTokenService, useValue: {} },
      { provide: UnsubscribeService, useValue: {} },
      { provide: OutboxRepository, useValue: {} },
      { provide: ReadModelRepository, useValue: {} },
    ],
  });

  beforeAll(() => {
    document = cleanupOpenApiDoc(SwaggerModule.createDocument(api.app, new DocumentBuilder().addBearerAuth().build()));
  });

  const operation = (path: string, method: 'get' | 'put' | 'post') => {
    const op = document.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  };

  it.each([
    ['/v1/customers/{customerRef}/notification-preferences', 'get', ['200', '400', '401', '403']],
    ['/v1/customers/{customerRef}/notification-preferences', 'put', ['200', '400', '401', '403']],
    ['/v1/orders/{orderId}/notifications', 'get', ['200', '400', '401', '403', '404']],
  ] as const)('documents %s %s as an API-key route with its statuses', (path, method, statuses) => {
    const op = operation(path, method);
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(op.tags).toEqual(['notifications']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining([...statuses]));
  });

  it('documents the PUT body, strict', () => {
    const op = operation('/v1/customers/{customerRef}/notification-preferences', 'put');
    expect(op.requestBody).toBeDefined();
    const schema = document.components?.schemas?.PutNotificationPreferencesDto as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties).sort()).toEqual(['channels', 'quietHours']);
    expect(schema.additionalProperties).toBe(false);
  });

  it.each([
    ['get', ['200', '400', '401']],
    ['post', ['200', '400', '401']],
  ] as const)('documents %s /v1/unsubscribe/{token} as a customer route without an API key', (method, statuses) => {
    const op = operation('/v1/unsubscribe/{token}', method);
    expect(op.summary).toMatch(/^Customer:/);
    expect(op.security).toBeUndefined();
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'token', in: 'path' })]));
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining([...statuses]));
  });
});
