import { z } from 'zod';
import {
  AddShipmentSchema,
  CancelOrderSchema,
  CreateOrderSchema,
  ListOrdersQuerySchema,
  OrderIdParamSchema,
} from '../../../src/orders/orders.dto';

/** The order body as the README and the OpenAPI document show it. */
const documentedOrder = () => ({
  orderId: 'A-1001',
  customer: {
    name: 'Ana Lima',
    email: 'ana@example.com',
    phone: '+14155550123',
    locale: 'en-US',
    timeZone: 'America/New_York',
  },
  promisedDeliveryDate: '2026-12-01',
  escrow: { amount: 12999, currency: 'USD' },
});

type Body = ReturnType<typeof documentedOrder>;

interface Rejection {
  /** Dotted paths of every issue, e.g. `customer.email`. */
  paths: string[];
  /** zod's human-readable summary, which names each failing path. */
  message: string;
  issues: z.core.$ZodIssue[];
}

function rejectionOf(schema: z.ZodType, input: unknown): Rejection {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected a rejection, got ${JSON.stringify(result.data)}`);
  return {
    paths: result.error.issues.map((issue) => issue.path.join('.')),
    message: z.prettifyError(result.error),
    issues: result.error.issues,
  };
}

/** Rejected, with the field named both in an issue path and in the message a client reads. */
function expectRejectedAt(schema: z.ZodType, input: unknown, field: string): Rejection {
  const rejection = rejectionOf(schema, input);
  expect(rejection.paths).toContain(field);
  expect(rejection.message).toContain(field);
  return rejection;
}

const withCustomer = (patch: Record<string, unknown>): Body & Record<string, unknown> => {
  const body = documentedOrder();
  return { ...body, customer: { ...body.customer, ...patch } };
};

describe('CreateOrderSchema', () => {
  it('accepts the documented order body unchanged', () => {
    expect(CreateOrderSchema.parse(documentedOrder())).toEqual(documentedOrder());
  });

  it('accepts the minimal body (optional fields left out)', () => {
    const minimal = { orderId: 'A-1', customer: { name: 'Ana', email: 'ana@example.com' } };
    expect(CreateOrderSchema.parse(minimal)).toEqual(minimal);
  });

  it('trims the customer name', () => {
    expect(CreateOrderSchema.parse(withCustomer({ name: '  Ana Lima  ' })).customer.name).toBe('Ana Lima');
  });

  it.each([
    ['not-an-email'],
    ['ana@'],
    ['@example.com'],
    ['ana example@example.com'],
  ])('rejects the email %j, naming customer.email', (email) => {
    expectRejectedAt(CreateOrderSchema, withCustomer({ email }), 'customer.email');
  });

  it.each([['4155550123'], ['+0155550123'], ['+1 415 555 0123'], ['+1-415-555-0123'], ['+12345'], ['+1234567890123456']])(
    'rejects the non-E.164 phone %j, naming customer.phone',
    (phone) => {
      const rejection = expectRejectedAt(CreateOrderSchema, withCustomer({ phone }), 'customer.phone');
      expect(rejection.message).toMatch(/E\.164/);
    },
  );

  it('rejects an unknown time zone, naming customer.timeZone', () => {
    const rejection = expectRejectedAt(CreateOrderSchema, withCustomer({ timeZone: 'Mars/Olympus_Mons' }), 'customer.timeZone');
    expect(rejection.message).toMatch(/IANA/);
  });

  it('accepts other real IANA zones', () => {
    expect(CreateOrderSchema.safeParse(withCustomer({ timeZone: 'Asia/Tokyo' })).success).toBe(true);
    expect(CreateOrderSchema.safeParse(withCustomer({ timeZone: 'UTC' })).success).toBe(true);
  });

  it.each([['en_US'], ['not a locale'], ['x'], ['']])('rejects the invalid locale %j, naming customer.locale', (locale) => {
    expectRejectedAt(CreateOrderSchema, withCustomer({ locale }), 'customer.locale');
  });

  it('accepts other BCP 47 locales', () => {
    expect(CreateOrderSchema.safeParse(withCustomer({ locale: 'pt-BR' })).success).toBe(true);
    expect(CreateOrderSchema.safeParse(withCustomer({ locale: 'ja' })).success).toBe(true);
  });

  it.each([['2026-02-30'], ['2026-13-01'], ['2026-04-31'], ['2025-02-29']])(
    'rejects the impossible date %j, naming promisedDeliveryDate',
    (promisedDeliveryDate) => {
      const rejection = expectRejectedAt(CreateOrderSchema, { ...documentedOrder(), promisedDeliveryDate }, 'promisedDeliveryDate');
      expect(rejection.message).toMatch(/not a real date/);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(CreateOrderSchema.safeParse({ ...documentedOrder(), promisedDeliveryDate: '2028-02-29' }).success).toBe(true);
  });

  it.each([['2026-12-1'], ['01/12/2026'], ['2026-12-01T00:00:00Z'], ['tomorrow']])(
    'rejects the badly formatted date %j',
    (promisedDeliveryDate) => {
      const rejection = expectRejectedAt(CreateOrderSchema, { ...documentedOrder(), promisedDeliveryDate }, 'promisedDeliveryDate');
      expect(rejection.message).toMatch(/YYYY-MM-DD/);
    },
  );

  it.each([
    ['a fraction', 129.99, /minor units/],
    ['a negative amount', -1, /0|small/],
    ['a numeric string', '12999', /number/],
    ['NaN', Number.NaN, /number/i],
    ['Infinity', Number.POSITIVE_INFINITY, /number|finite|integer|int/i],
  ])('rejects %s as escrow.amount', (_what, amount, wording) => {
    const rejection = expectRejectedAt(
      CreateOrderSchema,
      { ...documentedOrder(), escrow: { amount, currency: 'USD' } },
      'escrow.amount',
    );
    expect(rejection.message).toMatch(wording);
  });

  it('accepts a zero amount', () => {
    expect(CreateOrderSchema.safeParse({ ...documentedOrder(), escrow: { amount: 0, currency: 'EUR' } }).success).toBe(true);
  });

  it.each([['usd'], ['Usd'], ['US'], ['USDX'], ['US1']])('rejects the currency %j, naming escrow.currency', (currency) => {
    const rejection = expectRejectedAt(CreateOrderSchema, { ...documentedOrder(), escrow: { amount: 1, currency } }, 'escrow.currency');
    expect(rejection.message).toMatch(/ISO 4217/);
  });

  describe('strict objects', () => {
    it('rejects an unknown top-level field, naming it', () => {
      const rejection = rejectionOf(CreateOrderSchema, { ...documentedOrder(), discount: 10 });
      expect(rejection.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['discount'] })]);
      expect(rejection.message).toContain('discount');
    });

    it('rejects an unknown customer field, naming it and its object', () => {
      const rejection = rejectionOf(CreateOrderSchema, withCustomer({ address: '1 Main St' }));
      expect(rejection.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['address'], path: ['customer'] })]);
      expect(rejection.message).toContain('address');
    });

    it('rejects an unknown escrow field', () => {
      const rejection = rejectionOf(CreateOrderSchema, { ...documentedOrder(), escrow: { amount: 1, currency: 'USD', fee: 2 } });
      expect(rejection.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['fee'], path: ['escrow'] })]);
    });

    it('rejects __proto__ smuggled in as a field', () => {
      const body = JSON.parse('{"orderId":"A-1","customer":{"name":"Ana","email":"ana@example.com"},"__proto__":{"admin":true}}');
      const result = CreateOrderSchema.safeParse(body);
      if (result.success) {
        // If zod tolerates the key, it must at least not carry it (or a polluted prototype) through.
        expect(Object.keys(result.data)).toEqual(['orderId', 'customer']);
        expect((result.data as Record<string, unknown>).admin).toBeUndefined();
      } else {
        expect(result.error.issues[0].code).toBe('unrecognized_keys');
      }
    });
  });

  describe('orderId', () => {
    it.each([
      ['with a space', 'A 1001'],
      ['with a dollar sign', 'A$1001'],
      ['starting with a dollar sign', '$where'],
      ['with a slash', 'A/1001'],
      ['starting with a dash', '-A1001'],
      ['empty', ''],
      ['65 characters long', 'A'.repeat(65)],
      ['with a newline', 'A-1\n'],
      ['with a pipe (the outbox key separator)', 'A|1'],
    ])('rejects an orderId %s', (_what, orderId) => {
      expectRejectedAt(CreateOrderSchema, { ...documentedOrder(), orderId }, 'orderId');
      expectRejectedAt(OrderIdParamSchema, { orderId }, 'orderId');
    });

    it('accepts 64 characters and the documented punctuation', () => {
      expect(CreateOrderSchema.safeParse({ ...documentedOrder(), orderId: 'A'.repeat(64) }).success).toBe(true);
      expect(OrderIdParamSchema.safeParse({ orderId: 'shop-1:order_2.v3' }).success).toBe(true);
    });
  });

  describe('operator objects in place of strings', () => {
    it.each([
      ['orderId', { ...documentedOrder(), orderId: { $gt: '' } }],
      ['customer.name', withCustomer({ name: { $gt: '' } })],
      ['customer.email', withCustomer({ email: { $ne: null } })],
      ['customer.timeZone', withCustomer({ timeZone: { $regex: '.*' } })],
      ['promisedDeliveryDate', { ...documentedOrder(), promisedDeliveryDate: { $gt: '' } }],
      ['escrow.currency', { ...documentedOrder(), escrow: { amount: 1, currency: { $ne: 'USD' } } }],
    ])('rejects an operator object as %s', (field, body) => {
      const rejection = expectRejectedAt(CreateOrderSchema, body, field);
      expect(rejection.issues.find((issue) => issue.path.join('.') === field)?.code).toBe('invalid_type');
    });

    it('rejects an operator object as the route orderId', () => {
      expectRejectedAt(OrderIdParamSchema, { orderId: { $ne: 'x' } }, 'orderId');
    });
  });

  it('rejects a body that is not an object', () => {
    expect(CreateOrderSchema.safeParse(undefined).success).toBe(false);
    expect(CreateOrderSchema.safeParse([documentedOrder()]).success).toBe(false);
    expect(CreateOrderSchema.safeParse('A-1001').success).toBe(false);
  });

  it('requires the customer name and email', () => {
    const rejection = rejectionOf(CreateOrderSchema, { orderId: 'A-1', customer: {} });
    expect(rejection.paths).toEqual(expect.arrayContaining(['customer.name', 'customer.email']));
  });
});

describe('AddShipmentSchema', () => {
  it('accepts a tracking number with or without a carrier', () => {
    expect(AddShipmentSchema.parse({ trackingNumber: '1Z5R89390357567127' })).toEqual({ trackingNumber: '1Z5R89390357567127' });
    expect(AddShipmentSchema.parse({ trackingNumber: '1Z5R89390357567127', carrier: 'ups' })).toEqual({
      trackingNumber: '1Z5R89390357567127',
      carrier: 'ups',
    });
  });

  it('accepts 80 characters, room for a grouped 34-digit number, and rejects 81, naming trackingNumber', () => {
    expect(AddShipmentSchema.safeParse({ trackingNumber: '4201 0023 3424 9200 1901 3260 7600 8334 57' }).success).toBe(true);
    expect(AddShipmentSchema.safeParse({ trackingNumber: '9 '.repeat(40) }).success).toBe(true);
    expectRejectedAt(AddShipmentSchema, { trackingNumber: `${'9 '.repeat(40)}9` }, 'trackingNumber');
  });

  it('rejects an empty or missing tracking number', () => {
    expectRejectedAt(AddShipmentSchema, { trackingNumber: '' }, 'trackingNumber');
    expectRejectedAt(AddShipmentSchema, {}, 'trackingNumber');
    expectRejectedAt(AddShipmentSchema, { trackingNumber: { $ne: '' } }, 'trackingNumber');
  });

  it.each([['royalmail'], ['UPS'], [''], [42]])('rejects the unknown carrier %j, naming carrier', (carrier) => {
    expectRejectedAt(AddShipmentSchema, { trackingNumber: '1Z5R89390357567127', carrier }, 'carrier');
  });

  it('rejects unknown fields', () => {
    const rejection = rejectionOf(AddShipmentSchema, { trackingNumber: '1Z5R89390357567127', weight: 2 });
    expect(rejection.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['weight'] })]);
  });
});

describe('CancelOrderSchema', () => {
  it('accepts an empty body and a reason up to 500 characters', () => {
    expect(CancelOrderSchema.parse({})).toEqual({});
    expect(CancelOrderSchema.safeParse({ reason: 'r'.repeat(500) }).success).toBe(true);
    expectRejectedAt(CancelOrderSchema, { reason: 'r'.repeat(501) }, 'reason');
  });
});

describe('ListOrdersQuerySchema', () => {
  it('defaults limit to 20', () => {
    expect(ListOrdersQuerySchema.parse({})).toEqual({ limit: 20 });
  });

  it('coerces a query-string limit to a number', () => {
    expect(ListOrdersQuerySchema.parse({ limit: '5' })).toEqual({ limit: 5 });
    expect(ListOrdersQuerySchema.parse({ limit: '1' }).limit).toBe(1);
    expect(ListOrdersQuerySchema.parse({ limit: '100' }).limit).toBe(100);
  });

  it.each([['0'], ['101'], ['-5'], ['2.5'], ['abc'], ['']])('rejects the limit %j, naming limit', (limit) => {
    expectRejectedAt(ListOrdersQuerySchema, { limit }, 'limit');
  });

  it('accepts every order status and carrier as filters', () => {
    expect(ListOrdersQuerySchema.parse({ status: 'delivered', carrier: 'ups' })).toEqual({ status: 'delivered', carrier: 'ups', limit: 20 });
    expect(ListOrdersQuerySchema.safeParse({ status: 'partially_shipped' }).success).toBe(true);
  });

  it.each([['shipping'], ['DELIVERED'], ['info_received']])('rejects the status %j, naming status', (status) => {
    expectRejectedAt(ListOrdersQuerySchema, { status }, 'status');
  });

  it('rejects operator objects as filters (extended query strings)', () => {
    expectRejectedAt(ListOrdersQuerySchema, { status: { $ne: 'cancelled' } }, 'status');
    expectRejectedAt(ListOrdersQuerySchema, { carrier: { $gt: '' } }, 'carrier');
  });

  it('rejects unknown query parameters and an oversized cursor', () => {
    const rejection = rejectionOf(ListOrdersQuerySchema, { sort: 'createdAt' });
    expect(rejection.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['sort'] })]);
    expectRejectedAt(ListOrdersQuerySchema, { cursor: 'c'.repeat(201) }, 'cursor');
  });
});
