import nodemailer from 'nodemailer';
import { SandboxMailService } from '../../../src/sandbox/mail/sandbox-mail.service';
import { SMTP_SINK_MAX_MESSAGE_BYTES, SmtpSink } from '../../../src/sandbox/smtp-sink';
import { createSandboxTestApp, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

describe(SmtpSink.name, () => {
  let sut: SandboxTestApp;
  let port: number;

  const transport = (auth?: { user: string; pass: string }) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth });

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
