import { Writable } from 'node:stream';
import { Body, Controller, Get, Logger, Param, Post, type LogLevel } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { LoggingModule } from '../../../src/logging/logging.module';
import { useWaybillLogger } from '../../../src/logging/request-logging';

/*
 * What reaches the logs when requests carry credentials and personal data: the real logging module
 * and request middleware in a small Nest app, writing to a buffer instead of stdout.
 */

const SECRET_KEY = 'wb_live_thisIsASecretKey0123456789';
const SESSION_COOKIE = 'wb_session=eyJzZXNzaW9uIjoic2VjcmV0In0';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJBLTEwMDEifQ.c2lnbmF0dXJl';
const CUSTOMER = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+14155550123' };

@Controller()
class ProbeController {
  private readonly logger = new Logger('ProbeController');

  @Post('v1/orders/:orderId/things')
  create(@Param('orderId') orderId: string, @Body() body: { customer: typeof CUSTOMER }): { ok: true } {
    this.logger.log(`Thing made for order ${orderId}`);
    // A careless log call: the redaction rules still keep the customer out.
    this.logger.log({ order: { orderId, customer: body.customer }, email: body.customer.email, msg: 'careless' });
    return { ok: true };
  }

  @Get('t/:token')
  page(): string {
    return 'page';
  }

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

async function appLoggingTo(level: LogLevel): Promise<{ app: NestExpressApplication; lines: () => Array<Record<string, unknown>>; text: () => string }> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const moduleRef = await Test.createTestingModule({ imports: [LoggingModule.forRoot('api', level, sink)], controllers: [ProbeController] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  useWaybillLogger(app);
  await app.init();
  app.flushLogs();
  return {
    app,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('request logging', () => {
  it('writes one JSON line per request with its ID, and app lines inside the request carry the same ID', async () => {
    const { app, lines } = await appLoggingTo('log');
    await request(app.getHttpServer()).post('/v1/orders/A-1001/things').set('X-Request-Id', 'req-42').send({ customer: CUSTOMER }).expect(201);
    await app.close();
    const completed = lines().find((l) => l.msg === 'request completed');
    expect(completed).toMatchObject({ level: 'info', service: 'api', reqId: 'req-42', req: { method: 'POST', url: '/v1/orders/A-1001/things' }, res: { statusCode: 201 } });
    expect(typeof completed?.responseTime).toBe('number');
    // The request ID is the correlation ID the workflows and activities it causes log with (docs/observability.md).
    expect(lines().find((l) => l.msg === 'Thing made for order A-1001')).toMatchObject({ level: 'info', context: 'ProbeController', reqId: 'req-42', correlationId: 'req-42' });
  });

  it('never takes a caller’s request ID that could break a log line or a header', async () => {
    const { app, lines } = await appLoggingTo('log');
    for (const given of ['a'.repeat(129), 'req 42', 'req-42"}', '-leading-dash', 'ada@example.com']) {
      const response = await request(app.getHttpServer()).post('/v1/orders/A-1001/things').set('X-Request-Id', given).send({ customer: CUSTOMER }).expect(201);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    await app.close();
    const made = lines().filter((l) => l.msg === 'Thing made for order A-1001');
    expect(made).toHaveLength(5);
    for (const line of made) expect(line.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps keys, cookies, tokens and the customer’s personal data out of every line', async () => {
    const { app, text, lines } = await appLoggingTo('verbose');
    const server = app.getHttpServer();
    await request(server).post('/v1/orders/A-1001/things').set('Authorization', `Bearer ${SECRET_KEY}`).set('Cookie', SESSION_COOKIE).send({ customer: CUSTOMER }).expect(201);
    await request(server).get(`/t/${TOKEN}?token=${TOKEN}&orderId=A-1001`).set('Authorization', `Bearer ${SECRET_KEY}`).expect(200);
    await request(server).get(`/T/${TOKEN}`).expect(200);
    await app.close();
    for (const secret of [SECRET_KEY, SESSION_COOKIE.split('=')[1], TOKEN, CUSTOMER.name, CUSTOMER.email, CUSTOMER.phone]) expect(text()).not.toContain(secret);
    const urls = lines().flatMap((l) => (l.req ? [(l.req as { url: string }).url] : []));
    expect(urls).toEqual(['/v1/orders/A-1001/things', '/t/[redacted]?token=[redacted]&orderId=A-1001', '/T/[redacted]']);
    expect(lines().find((l) => l.msg === 'careless')).toMatchObject({ order: { orderId: 'A-1001', customer: '[redacted]' }, email: '[redacted]' });
  });

  it('answers and logs a new request ID when the caller’s is missing or malformed', async () => {
    const { app, lines } = await appLoggingTo('log');
    const fresh = await request(app.getHttpServer()).get(`/t/${TOKEN}`).set('X-Request-Id', 'bad id\twith tab').expect(200);
    await app.close();
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines().find((l) => l.msg === 'request completed')?.reqId).toBe(fresh.headers['x-request-id']);
  });

  it('respects LOG_LEVEL and leaves health probes out', async () => {
    const quiet = await appLoggingTo('warn');
    await request(quiet.app.getHttpServer()).get(`/t/${TOKEN}`).expect(200);
    await quiet.app.close();
    expect(quiet.lines()).toEqual([]);

    const chatty = await appLoggingTo('log');
    await request(chatty.app.getHttpServer()).get('/health/live').expect(200);
    await chatty.app.close();
    expect(chatty.lines().filter((l) => l.req)).toEqual([]);
  });
});
