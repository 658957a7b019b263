import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { CustomerTokenGuard } from '../../../src/auth/customer-token.guard';
import { CustomerTokenService } from '../../../src/auth/customer-tokens';
import { CustomerActionsController } from '../../../src/customer/customer-actions.controller';
import { CustomerActionsService } from '../../../src/customer/customer-actions.service';
import { OrderActionsController } from '../../../src/orders/order-actions.controller';
import { OrderActionsService } from '../../../src/orders/order-actions.service';
import { useApiTestApp } from '../../support/api-test-app';

/** The lifecycle routes are in the OpenAPI document with their bodies, auth and error statuses. */
describe('OpenAPI for the lifecycle actions', () => {
  let document: OpenAPIObject;
  const api = useApiTestApp({
    controllers: [OrderActionsController, CustomerActionsController],
    providers: [
      { provide: OrderActionsService, useValue: {} },
      { provide: CustomerActionsService, useValue: {} },
      { provide: CustomerTokenService, useValue: {} },
      { provide: CustomerTokenGuard, useValue: { canActivate: () => true } },
    ],
  });

  beforeAll(() => {
    document = cleanupOpenApiDoc(SwaggerModule.createDocument(api.app, new DocumentBuilder().addBearerAuth().build()));
  });

  const operation = (path: string, method: 'get' | 'post') => {
    const op = document.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
    return op;
  };

  it.each([
    ['/v1/orders/{orderId}/dispute/resolve', ['200', '400', '401', '403', '404', '409']],
    ['/v1/orders/{orderId}/shipments/{shipmentId}/mark-delivered', ['200', '400', '401', '403', '404', '409']],
    ['/v1/orders/{orderId}/deadlines', ['200', '400', '401', '403', '404', '409', '422']],
    ['/v1/orders/{orderId}/escrow/hold', ['200', '400', '401', '403', '404', '409']],
    ['/v1/orders/{orderId}/escrow/release', ['200', '400', '401', '403', '404', '409']],
  ])('documents POST %s as an admin route with a body and its statuses', (path, statuses) => {
    const op = operation(path, 'post');
    expect(op.summary).toMatch(/^Admin:/);
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(op.requestBody).toBeDefined();
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(statuses));
  });

  it('documents both shapes of the deadlines body, strict', () => {
    const schema = document.components?.schemas?.ExtendDeadlineDto as { oneOf?: Array<{ properties: Record<string, unknown>; additionalProperties: boolean }> };
    expect(schema.oneOf?.map((shape) => Object.keys(shape.properties).sort())).toEqual([
      ['date', 'deadline'],
      ['deadline', 'until'],
    ]);
    expect(schema.oneOf?.every((shape) => shape.additionalProperties === false)).toBe(true);
  });

  it.each([
    ['/v1/track/{token}/confirm-receipt', 'post', ['200', '401', '404', '409']],
    ['/v1/track/{token}/report-problem', 'post', ['200', '400', '401', '404', '409']],
    ['/v1/track/{token}', 'get', ['200', '401', '404']],
  ] as const)('documents %s as a customer-token route', (path, method, statuses) => {
    const op = operation(path, method);
    expect(op.summary).toMatch(/^Customer:/);
    expect(op.security).toBeUndefined();
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'token', in: 'path' })]));
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(statuses));
  });
});
