import nodemailer, { type Transporter } from 'nodemailer';
import { PermanentDeliveryError, type EmailSender, type OutgoingEmail } from '../../activities/notifications/outbox';

interface SmtpError {
  responseCode?: number;
  command?: string;
  code?: string;
}

/** How long each step of an SMTP transaction may wait for the server, in milliseconds. */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  /** Any later answer (EHLO, MAIL, RCPT, DATA and the end of the data). */
  socketMs: number;
}

/**
 * Well inside the send's one-minute timeout and two-minute outbox lease. nodemailer's defaults (two
 * minutes to connect, ten of silence per step) let an attempt Temporal already gave up on keep
 * talking to the server after a retry took its claim over, and send the email a second time.
 */
export const SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/**
 * Sends through SMTP with nodemailer. Error messages carry SMTP codes only, never the server's
 * text, which often quotes the recipient's address.
 */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeouts: SmtpTimeouts = SMTP_TIMEOUTS,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      dnsTimeout: Math.min(timeouts.connectionMs, 10_000),
    });
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    try {
      const { to, subject, text, html, messageId, headers } = email;
      // Both text and html: nodemailer sends multipart/alternative, the plain text part first.
      const info = await this.transport.sendMail({ from: this.from, to, subject, text, html, messageId, ...(headers ? { headers: { ...headers } } : {}) });
      return { providerMessageId: String(info.messageId ?? email.messageId) };
    } catch (err) {
      const { responseCode, command, code } = (err ?? {}) as SmtpError;
      const summary = `SMTP ${command ?? 'send'} failed${responseCode ? ` with ${responseCode}` : ''}${code ? ` (${code})` : ''}`;
      // A 5xx answer to RCPT TO means this address will never accept the message.
      if (responseCode !== undefined && responseCode >= 500 && command === 'RCPT TO') throw new PermanentDeliveryError(summary);
      // No `cause`: Temporal would serialize it, server text and recipient address included, into history.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(summary);
    }
  }

  close(): void {
    this.transport.close();
  }
}
