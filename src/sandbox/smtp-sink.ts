import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { simpleParser, type AddressObject, type HeaderLines, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { SandboxMailService } from './mail/sandbox-mail.service';
import type { SandboxMail } from './mail/sandbox-mail.schema';
import { SmtpSinkControls } from './mail/smtp-sink-controls';
import { SANDBOX_CLOCK, SANDBOX_OPTIONS, type SandboxClock, type SandboxModuleOptions } from './sandbox.options';

export const SMTP_SINK_MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
/** Headers worth keeping for tests of unsubscribe links and threading. */
const KEPT_HEADERS = [
  'list-unsubscribe',
  'list-unsubscribe-post',
  'reply-to',
  'in-reply-to',
  'references',
  'auto-submitted',
];
/** A stuck client must not hold up shutdown for smtp-server's default 30 s. */
const CLOSE_TIMEOUT_MS = 2_000;

type SmtpCallback = (err?: Error | null) => void;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Header values as sent (unfolded), since mailparser turns some of them into structured objects. */
function keptHeaders(lines: HeaderLines): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const { key, line } of lines) {
    if (!KEPT_HEADERS.includes(key)) continue;
    kept[key] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return kept;
}

/** `Name <address>` without the quotes mailparser's `text` adds, so it reads like what was sent. */
function formatFrom(from: AddressObject | undefined): string | undefined {
  if (!from || from.value.length === 0) return undefined;
  return from.value.map(({ name, address }) => (name ? `${name} <${address ?? ''}>` : (address ?? ''))).join(', ');
}

/** Waits `delayMs`; false when the client hung up before it ended. */
async function stillConnectedAfter(connection: { hungUp: boolean }, delayMs: number): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return !connection.hungUp;
}

/**
 * Accepts any mail, from anyone, with or without AUTH, and keeps it for the control API to show.
 * Plain SMTP without TLS: the sink listens on the sandbox host only and holds no real mail. Every
 * delivery is kept, a repeated Message-ID too, so tests can count what a client really sent; faults
 * queued in `SmtpSinkControls` hold a message before or after it is kept.
 */
@Injectable()
export class SmtpSink implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SmtpSink.name);
  private server: SMTPServer | null = null;
  private boundPort: number | null = null;
  /** Connections whose message is being received, by session ID: `hungUp` once the client is gone. */
  private readonly receiving = new Map<string, { hungUp: boolean }>();

  constructor(
    private readonly mail: SandboxMailService,
    private readonly controls: SmtpSinkControls,
    @Inject(SANDBOX_OPTIONS) private readonly options: SandboxModuleOptions,
    @Inject(SANDBOX_CLOCK) private readonly clock: SandboxClock,
  ) {}

  /** The port actually bound (useful when configured with port 0). */
  get port(): number {
    if (this.boundPort === null) throw new Error('The SMTP sink is not listening');
    return this.boundPort;
  }

  async onModuleInit(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      size: SMTP_SINK_MAX_MESSAGE_BYTES,
      logger: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'sandbox' }),
      onData: (stream, session, callback) => void this.receive(stream, session, callback),
      onClose: (session) => {
        const connection = this.receiving.get(session.id);
        if (connection) connection.hungUp = true;
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.smtpPort, this.options.smtpHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.warn(`SMTP sink: ${error.message}`));
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.logger.log(`SMTP sink listening on ${this.options.smtpHost}:${this.boundPort}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.boundPort = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: SmtpCallback,
  ): Promise<void> {
    const connection = { hungUp: false };
    this.receiving.set(session.id, connection);
    try {
      const parsed = await simpleParser(stream);
      if (stream.sizeExceeded) {
        callback(smtpError(`Message exceeds ${SMTP_SINK_MAX_MESSAGE_BYTES} bytes`, 552));
        return;
      }
      this.controls.count('received');
      const fault = this.controls.takeFault();
      if (fault?.kind === 'delay' && !(await stillConnectedAfter(connection, fault.delayMs))) {
        // The client gave up before the sink took the message: nothing was delivered, no one to answer.
        this.controls.count('abandoned');
        return;
      }
      await this.mail.store(this.toMail(parsed, session));
      this.controls.count('kept');
      // The message is delivered; a client that hangs up before the late 250 just never hears so.
      if (fault?.kind === 'slow' && !(await stillConnectedAfter(connection, fault.delayMs))) return;
      callback();
    } catch (error) {
      this.logger.warn(`SMTP sink could not keep a message: ${error instanceof Error ? error.message : String(error)}`);
      // 451 asks the sender to retry later rather than bounce.
      callback(smtpError('Could not store the message, try again later', 451));
    } finally {
      this.receiving.delete(session.id);
    }
  }

  private toMail(parsed: ParsedMail, session: SMTPServerSession): SandboxMail {
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    return {
      to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
      from: formatFrom(parsed.from) ?? envelopeFrom,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html || '',
      messageId: parsed.messageId ?? '',
      headers: keptHeaders(parsed.headerLines),
      receivedAt: this.clock(),
    };
  }
}
