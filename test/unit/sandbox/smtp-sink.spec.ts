import { createConnection } from 'node:net';
import nodemailer from 'nodemailer';
import request from 'supertest';
import type { App } from 'supertest/types';
import { SandboxMailService } from '../../../src/sandbox/mail/sandbox-mail.service';
import { SMTP_SINK_MAX_MESSAGE_BYTES, SmtpSink } from '../../../src/sandbox/smtp-sink';
import { createSandboxTestApp, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

describe(SmtpSink.name, () => {
  let sut: SandboxTestApp;
  let port: number;

  const transport = (auth?: { user: string; pass: string }) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth });
  const controls = (body?: object) => {
    const server = sut.app.getHttpServer() as App;
    return body ? request(server).post('/sandbox/mail/controls').send(body) : request(server).get('/sandbox/mail/controls');
  };
  const mail = (subject: string) => ({ from: 'a@example.com', to: 'b@example.com', subject, text: 'x', messageId: `<${subject}@waybill.local>` });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends a whole message by hand, then hangs up without waiting for the answer to its last line, like a client that died there. */
  const sendAndHangUp = async (subject: string): Promise<void> => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const reply = async (code: string) => {
      while (!new RegExp(`^${code} `, 'm').test(received)) await sleep(5);
      received = '';
    };
    await reply('220');
    for (const [command, code] of [['EHLO client', '250'], ['MAIL FROM:<a@example.com>', '250'], ['RCPT TO:<b@example.com>', '250'], ['DATA', '354']]) {
      socket.write(`${command}\r\n`);
      await reply(code);
    }
    socket.write(`From: a@example.com\r\nTo: b@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@waybill.local>\r\n\r\nx\r\n.\r\n`);
    await sleep(50);
    socket.destroy();
  };

  beforeEach(async () => {
    sut = await createSandboxTestApp();
    port = sut.app.get(SmtpSink).port;
  });

  afterEach(async () => sut.close());

  it('should listen on a free port when configured with port 0', () => {
    expect(port).toBeGreaterThan(0);
  });

  it('should keep a message with its envelope recipients and selected headers', async () => {
    await transport().sendMail({
      from: 'Waybill <tracking@waybill.local>',
      to: 'Ana <Ana@Example.com>',
      bcc: 'audit@example.com',
      subject: 'Your parcel is out for delivery',
      text: 'It arrives today.',
      html: '<p>It arrives <b>today</b>.</p>',
      messageId: '<ofd-1@waybill.local>',
      list: { unsubscribe: { url: 'https://waybill.local/unsubscribe/abc', comment: 'Unsubscribe' } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Secret': 'not kept' },
    });

    const [stored] = await sut.app.get(SandboxMailService).list();
    expect(stored).toEqual({
      to: ['ana@example.com', 'audit@example.com'],
      from: 'Waybill <tracking@waybill.local>',
      subject: 'Your parcel is out for delivery',
      text: 'It arrives today.',
      html: '<p>It arrives <b>today</b>.</p>',
      messageId: '<ofd-1@waybill.local>',
      headers: {
        'list-unsubscribe': '<https://waybill.local/unsubscribe/abc> (Unsubscribe)',
        'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      },
      receivedAt: TEST_START,
    });
  });

  it('should accept mail sent with SMTP AUTH too', async () => {
    await transport({ user: 'anyone', pass: 'anything' }).sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'authenticated',
      text: 'hi',
    });
    const messages = await sut.app.get(SandboxMailService).list({ to: 'b@example.com' });
    expect(messages.map((m) => m.subject)).toEqual(['authenticated']);
    expect(messages[0].html).toBe('');
  });

  it('should refuse a message over the size limit and keep nothing', async () => {
    const tooBig = 'x'.repeat(SMTP_SINK_MAX_MESSAGE_BYTES + 1024);
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'big', text: tooBig }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(sut.mail.messages).toHaveLength(0);
  });

  it('should answer 451 when the message cannot be stored, and keep running', async () => {
    jest.spyOn(sut.mail, 'insert').mockRejectedValueOnce(new Error('database down'));
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'lost', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 451 });
    await transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'kept', text: 'x' });
    expect(sut.mail.messages.map((m) => m.subject)).toEqual(['kept']);
  });

  it('should keep a slow message at once and answer 250 only after the delay', async () => {
    await controls({ fault: { kind: 'slow', delayMs: 300 } }).expect(200);
    const started = Date.now();
    const sending = transport().sendMail(mail('slow'));
    await sleep(150);
    expect(sut.mail.messages.map((m) => m.subject)).toEqual(['slow']);
    await sending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('should keep a slow message whose client hung up before the answer, so a resend is a second delivery', async () => {
    await controls({ fault: { kind: 'slow', delayMs: 400 } }).expect(200);
    await sendAndHangUp('lost-answer');
    await transport().sendMail(mail('lost-answer'));
    expect(sut.mail.messages.map((m) => m.messageId)).toEqual(['<lost-answer@waybill.local>', '<lost-answer@waybill.local>']);
    await sleep(400);
    expect((await controls().expect(200)).body.stats).toEqual({ received: 2, kept: 2, abandoned: 0, faults: 1 });
  });

  it('should hold a delayed message before taking it, and drop it if the client hangs up meanwhile', async () => {
    await controls({ fault: { kind: 'delay', delayMs: 300 }, count: 2 }).expect(200);
    await sendAndHangUp('abandoned');
    await sleep(400);
    expect(sut.mail.messages).toEqual([]);
    const started = Date.now();
    await transport().sendMail(mail('patient'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(sut.mail.messages.map((m) => m.subject)).toEqual(['patient']);
    expect((await controls().expect(200)).body).toEqual({ pendingFaults: [], stats: { received: 2, kept: 1, abandoned: 1, faults: 2 } });
  });

  it('should validate its controls, and reset faults and counters but keep the mail', async () => {
    await controls({ fault: { kind: 'explode' } }).expect(400);
    await controls({ fault: { kind: 'slow' } }).expect(400);
    await controls({ count: 2 }).expect(400);
    await controls({ fault: { kind: 'delay', delayMs: 120_001 } }).expect(400);
    await transport().sendMail(mail('kept'));
    expect((await controls({ fault: { kind: 'delay', delayMs: 5 }, count: 3 }).expect(200)).body.pendingFaults).toEqual([{ fault: { kind: 'delay', delayMs: 5 }, count: 3 }]);
    expect((await controls({ reset: true }).expect(200)).body).toEqual({ pendingFaults: [], stats: { received: 0, kept: 0, abandoned: 0, faults: 0 } });
    expect(sut.mail.messages).toHaveLength(1);
  });

  it('should stop listening when the module is destroyed', async () => {
    const sink = sut.app.get(SmtpSink);
    await sut.close();
    expect(() => sink.port).toThrow('not listening');
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'late', text: 'x' }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
    sut = await createSandboxTestApp(); // afterEach closes this one
  });
});
