import type { INestApplication } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Connection } from 'mongoose';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createNotificationActivities } from '../../activities/notifications/notification.activities';
import type { NotificationRequest, NotificationResult } from '../../activities/notifications/notification.types';
import { PermanentDeliveryError } from '../../activities/notifications/outbox';
import { applyMongooseSafetyDefaults } from '../../src/persistence/mongoose-safety';
import { SANDBOX_CLOCK, SandboxMailService, SandboxModule, SmtpSink } from '../../src/sandbox';
import type { MailView } from '../../src/sandbox/sandbox.views';
import { renderMilestoneEmail } from '../../activities/notifications/templates';
import { SmtpEmailSender } from '../../src/worker/smtp-email-sender';
import { Milestone } from '../../workflows/shared/vocabulary';
import { InMemoryOutbox } from '../support/in-memory-stores';
import { startTestMongo, type TestMongo } from '../support/mongo-server';
import { FakeClock } from '../unit/sandbox/support/fake-clock';

const FROM = 'Waybill Shop <tracking@waybill.test>';

/** A tiny SMTP server that answers RCPT TO for one address with the given reply, quoting the address as real servers do. */
async function startRejectingServer(rejected: string, responseCode: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === rejected.toLowerCase()) {
        callback(Object.assign(new Error(`<${address.address}>: Recipient address rejected: User unknown`), { responseCode }));
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A tiny SMTP server that keeps each message's raw bytes, for assertions on the MIME structure. */
async function startCapturingServer(): Promise<{ port: number; messages: Buffer[]; close: () => Promise<void> }> {
  const messages: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const SHIPPED_ES: NotificationRequest = {
  orderId: 'A-1002',
  milestone: Milestone.SHIPPED,
  channel: 'email',
  shipmentId: 'shp_2',
  customer: { name: 'María <José>', email: 'maria@example.com', locale: 'es-MX', timeZone: 'America/Mexico_City' },
  shipment: { carrier: 'ups', trackingNumber: '1Z5R89390357567127', trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127' },
};
const UNSUBSCRIBE = 'https://track.waybill.test/u/tok_123';

describe('SmtpEmailSender → sandbox SMTP sink → FerretDB', () => {
  let mongo: TestMongo;
  let app: INestApplication;
  let sender: SmtpEmailSender;
  let mail: SandboxMailService;
  let connection: Connection;
  /** The sink stamps receivedAt from the sandbox clock; a hand-moved one keeps "newest last" exact. */
  const clock = new FakeClock(new Date('2026-11-26T20:00:00.000Z'));

  beforeAll(async () => {
    mongo = await startTestMongo('waybill_smtp_test');
    applyMongooseSafetyDefaults();
    const moduleRef = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(mongo.uri),
        SandboxModule.register({
          speed: 2000,
          smtpHost: '127.0.0.1',
          smtpPort: 0,
          ups: { clientId: 'smtp-test-ups-client', clientSecret: 'smtp-test-ups-secret' },
        }),
      ],
    })
      .overrideProvider(SANDBOX_CLOCK)
      .useValue(clock.now)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    mail = app.get(SandboxMailService);
    connection = app.get<Connection>(getConnectionToken());
    sender = new SmtpEmailSender(`smtp://127.0.0.1:${app.get(SmtpSink).port}`, FROM);
  }, 60_000);

  afterAll(async () => {
    sender?.close();
    await app?.close();
    await mongo?.stop();
  }, 60_000);

  beforeEach(async () => {
    await mail.clear();
  });

  it('delivers to, subject, text, html and the Message-ID into the sandbox_mail collection', async () => {
    const messageId = '<0123456789abcdef0123456789abcdef@waybill.test>';
    const result = await sender.send({
      to: 'Ana.Lima@Example.com',
      subject: 'Your order A-1001 has shipped — Waybill Shop',
      text: 'Hello Ana,\n\nTrack your parcel: https://www.ups.com/track?tracknum=1Z5R89390357567127',
      html: '<p>Hello Ana,</p><p><a href="https://www.ups.com/track?tracknum=1Z5R89390357567127">Track your parcel</a></p>',
      messageId,
    });
    expect(result.providerMessageId).toBe(messageId);

    const raw = await connection.collection('sandbox_mail').find({}).toArray();
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({
      to: ['ana.lima@example.com'],
      from: FROM,
      subject: 'Your order A-1001 has shipped — Waybill Shop',
      messageId,
    });
    expect(raw[0].receivedAt).toEqual(clock.now());

    const [listed, ...others] = await mail.list({ to: 'ANA.LIMA@example.com' });
    expect(others).toHaveLength(0);
    expect(listed).toMatchObject({
      to: ['ana.lima@example.com'],
      from: FROM,
      subject: 'Your order A-1001 has shipped — Waybill Shop',
      messageId,
    });
    expect(listed.text.trim()).toBe('Hello Ana,\n\nTrack your parcel: https://www.ups.com/track?tracknum=1Z5R89390357567127');
    expect(listed.html).toContain('<a href="https://www.ups.com/track?tracknum=1Z5R89390357567127">Track your parcel</a>');
  });

  it('gives up on a server that does not answer within its socket timeout, after the sink kept the mail (a lost answer)', async () => {
    const impatient = new SmtpEmailSender(`smtp://127.0.0.1:${app.get(SmtpSink).port}`, FROM, { connectionMs: 2_000, greetingMs: 2_000, socketMs: 300 });
    await request(app.getHttpServer() as App).post('/sandbox/mail/controls').send({ fault: { kind: 'slow', delayMs: 1_000 } }).expect(200);
    try {
      const sending = impatient.send({ to: 'late@example.com', subject: 'late', text: 'late', html: '<p>late</p>', messageId: '<late@waybill.test>' });
      await expect(sending).rejects.toThrow(/^SMTP .*failed/);
      await expect(sending).rejects.not.toBeInstanceOf(PermanentDeliveryError);
      expect((await mail.list({ to: 'late@example.com' })).map((m) => m.messageId)).toEqual(['<late@waybill.test>']);
    } finally {
      impatient.close();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  });

  it('lists mail per recipient, newest last, through the service and the control API', async () => {
    for (const [to, subject] of [
      ['first@example.com', 'one'],
      ['second@example.com', 'two'],
      ['first@example.com', 'three'],
    ]) {
      await sender.send({ to, subject, text: subject, html: `<p>${subject}</p>`, messageId: `<${subject}@waybill.test>` });
      clock.advance(1_000);
    }
    expect((await mail.list({ to: 'first@example.com' })).map((m) => m.subject)).toEqual(['one', 'three']);
    expect((await mail.list()).map((m) => m.subject)).toEqual(['one', 'two', 'three']);
    expect((await mail.list({ limit: 2 })).map((m) => m.subject)).toEqual(['two', 'three']);

    const response = await request(app.getHttpServer() as App).get('/sandbox/mail?to=second@example.com').expect(200);
    const { messages } = response.body as { messages: MailView[] };
    expect(messages).toEqual([
      expect.objectContaining({ to: 'second@example.com', recipients: ['second@example.com'], subject: 'two', messageId: '<two@waybill.test>' }),
    ]);
  });

  it('carries the notification activity’s deterministic Message-ID end to end, the same on a repeat from a fresh outbox', async () => {
    const req: NotificationRequest = {
      orderId: 'A-1001',
      milestone: Milestone.DELIVERED,
      channel: 'email',
      shipmentId: 'shp_1',
      customer: { name: '<b>Ana</b>', email: 'ana@example.com', timeZone: 'America/New_York' },
      shipment: {
        carrier: 'ups',
        trackingNumber: '1Z5R89390357567127',
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z5R89390357567127',
        deliveredAt: '2026-11-26T19:05:00Z',
        proofOfDelivery: { receivedBy: 'MORGAN', place: 'Front Door', hasSignature: false, hasProofOfDelivery: false },
      },
    };
    const run = (): Promise<NotificationResult> => {
      const { sendNotification } = createNotificationActivities({
        outbox: new InMemoryOutbox(),
        email: sender,
        brand: { name: 'Waybill Shop' },
        messageIdDomain: 'waybill.test',
      });
      const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
      return env.run<[NotificationRequest], NotificationResult, typeof sendNotification>(sendNotification, req);
    };
    const first = await run();
    const second = await run();
    expect(first.outcome).toBe('sent');
    expect(second.messageId).toBe(first.messageId);

    const stored = await mail.list({ to: 'ana@example.com' });
    expect(stored.map((m) => m.messageId)).toEqual([first.messageId, first.messageId]);
    expect(stored[0].subject).toBe('Your order A-1001 has been delivered — Waybill Shop');
    expect(stored[0].text).toContain('Signed for by: MORGAN');
    expect(stored[0].text).toContain('2:05');
    expect(stored[0].html).toContain('&lt;b&gt;Ana&lt;/b&gt;');
    expect(stored[0].html).toContain('href="https://www.ups.com/track?tracknum=1Z5R89390357567127"');
  });

  it('sends a rendered email as multipart/alternative, plain text first, with the List-Unsubscribe headers', async () => {
    const rendered = renderMilestoneEmail(SHIPPED_ES, { name: 'Waybill Shop', primaryColor: '#0b6e4f' }, { unsubscribeEmail: UNSUBSCRIBE });
    const capture = await startCapturingServer();
    const capturing = new SmtpEmailSender(`smtp://127.0.0.1:${capture.port}`, FROM);
    try {
      await capturing.send({ to: 'maria@example.com', ...rendered, messageId: '<multipart@waybill.test>' });
    } finally {
      capturing.close();
      await capture.close();
    }
    expect(capture.messages).toHaveLength(1);
    const parsed: ParsedMail = await simpleParser(capture.messages[0]);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.subject).toBe('Tu pedido A-1002 ya está en camino — Waybill Shop');
    expect(parsed.text).toContain('Hola, María <José>:');
    expect(parsed.text).toContain('Sigue tu paquete: https://www.ups.com/track?tracknum=1Z5R89390357567127');
    expect(parsed.html).toContain('Hola, María &lt;José&gt;:');
    expect(parsed.html).toContain('href="https://www.ups.com/track?tracknum=1Z5R89390357567127"');
    // mailparser folds List-* headers into a structured `list` header; the raw lines are as sent.
    const headerLine = (key: string) => parsed.headerLines.find((h) => h.key === key)?.line;
    expect(headerLine('list-unsubscribe')).toBe(`List-Unsubscribe: <${UNSUBSCRIBE}>`);
    expect(headerLine('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // RFC 2046: the preferred (richest) alternative comes last.
    const raw = capture.messages[0].toString('utf8');
    expect(raw.indexOf('Content-Type: text/plain')).toBeGreaterThan(-1);
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(raw.indexOf('Content-Type: text/html'));
  });

  it('keeps both parts and the unsubscribe headers in the sandbox mailbox', async () => {
    const rendered = renderMilestoneEmail(SHIPPED_ES, { name: 'Waybill Shop' }, { unsubscribeEmail: UNSUBSCRIBE });
    await sender.send({ to: 'maria@example.com', ...rendered, messageId: '<headers@waybill.test>' });
    const [stored] = await mail.list({ to: 'maria@example.com' });
    expect(stored.text).toContain('Darse de baja: https://track.waybill.test/u/tok_123');
    expect(stored.html).toContain('>Darse de baja</a>');
    expect(stored.headers).toMatchObject({
      'list-unsubscribe': `<${UNSUBSCRIBE}>`,
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
    });
  });

  describe('a server that refuses the recipient', () => {
    const REJECTED = 'gone.customer@example.com';

    it('turns a 5xx at RCPT TO into PermanentDeliveryError whose message does not contain the address', async () => {
      const smtp = await startRejectingServer(REJECTED, 550);
      const rejecting = new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}`, FROM);
      try {
        const err = await rejecting
          .send({ to: REJECTED, subject: 's', text: 't', html: '<p>t</p>', messageId: '<p@waybill.test>' })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(PermanentDeliveryError);
        const message = (err as Error).message;
        expect(message).toMatch(/RCPT TO/);
        expect(message).toMatch(/550/);
        expect(message.toLowerCase()).not.toContain(REJECTED);
        expect(message.toLowerCase()).not.toContain('gone.customer');
        expect(JSON.stringify(err)).not.toContain(REJECTED);
        expect((err as Error).cause).toBeUndefined();
      } finally {
        rejecting.close();
        await smtp.close();
      }
    });

    it('keeps a 4xx at RCPT TO retryable (a plain Error), also without the address', async () => {
      const smtp = await startRejectingServer(REJECTED, 450);
      const rejecting = new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}`, FROM);
      try {
        const err = await rejecting
          .send({ to: REJECTED, subject: 's', text: 't', html: '<p>t</p>', messageId: '<q@waybill.test>' })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(PermanentDeliveryError);
        expect((err as Error).message).toMatch(/450/);
        expect((err as Error).message.toLowerCase()).not.toContain(REJECTED);
      } finally {
        rejecting.close();
        await smtp.close();
      }
    });

    it('still delivers to other recipients of the same server', async () => {
      const smtp = await startRejectingServer(REJECTED, 550);
      const rejecting = new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}`, FROM);
      try {
        await expect(
          rejecting.send({ to: 'fine@example.com', subject: 's', text: 't', html: '<p>t</p>', messageId: '<r@waybill.test>' }),
        ).resolves.toEqual({ providerMessageId: '<r@waybill.test>' });
      } finally {
        rejecting.close();
        await smtp.close();
      }
    });

    it('makes an unreachable server a retryable error, not a permanent one', async () => {
      const smtp = await startRejectingServer(REJECTED, 550);
      await smtp.close();
      const unreachable = new SmtpEmailSender(`smtp://127.0.0.1:${smtp.port}`, FROM);
      try {
        const err = await unreachable
          .send({ to: 'fine@example.com', subject: 's', text: 't', html: '<p>t</p>', messageId: '<s@waybill.test>' })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toBeInstanceOf(Error);
        expect(err).not.toBeInstanceOf(PermanentDeliveryError);
        expect((err as Error).message).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      } finally {
        unreachable.close();
      }
    });
  });
});
