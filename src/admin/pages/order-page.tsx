import type { EscrowLedgerEntry } from '../../../activities/escrow/escrow-ledger';
import type { EscrowView } from '../../../workflows/order/order.types';
import { EscrowState, OrderStatus, ShipmentStatus } from '../../../workflows/shared/vocabulary';
import type { NotificationLogEntry } from '../../notifications/notification-log';
import type { ShipmentDetail } from '../../orders/orders.responses';
import type { Flash } from '../flash';
import type { OrderPageData } from '../order-page.service';
import type { TimelineEntry } from '../timeline';
import { age, Chip, CsrfField, FlashBox, isAdmin, Layout, money, Time, words, type SignedIn } from './parts';

export interface OrderPageProps extends OrderPageData {
  user: SignedIn;
  now: Date;
  flash?: Flash;
}

const orderPath = (orderId: string): string => `/admin/orders/${encodeURIComponent(orderId)}`;

/** `/admin/orders/{orderId}`: the order, its parcels, escrow, timeline and messages, and the actions the user's role allows. */
export function OrderPage(props: OrderPageProps) {
  const { order, user, now, flash, attention, workflow } = props;
  const base = orderPath(order.orderId);
  return (
    <Layout title={`Order ${order.orderId}`} user={user}>
      <p>
        <a href="/admin" data-testid="back-to-orders">
          ← All orders
        </a>
      </p>
      <FlashBox flash={flash} />
      <section class="card" data-testid="order-header" data-order-id={order.orderId}>
        <h1>
          Order <span class="mono">{order.orderId}</span>
        </h1>
        <p>
          <Chip code={order.status} testId="order-status" />
          {order.delayed && <span class="chip warn" data-testid="order-delayed">delayed</span>}
          {attention.map((reason) => (
            <Chip code={reason} tone="bad" testId="order-attention" />
          ))}
          <Chip code={props.escrow.state} testId="order-escrow-state" />
        </p>
        <dl class="facts">
          <dt>Created</dt>
          <dd>
            <Time at={order.createdAt} /> <span class="muted">({age(new Date(order.createdAt), now)} ago)</span>
          </dd>
          <dt>Promised delivery</dt>
          <dd>{order.promisedDeliveryDate ?? '—'}</dd>
          {order.delay && (
            <>
              <dt>Delay</dt>
              <dd>
                {words(order.delay.reason)}
                {order.delay.newDate && ` → ${order.delay.newDate}`}
              </dd>
            </>
          )}
          {order.customerConfirmedAt && (
            <>
              <dt>Customer confirmed receipt</dt>
              <dd>
                <Time at={order.customerConfirmedAt} />
              </dd>
            </>
          )}
          <dt>Read from</dt>
          <dd data-testid="order-source">{order.source === 'workflow' ? 'the live workflow' : order.source === 'read_model' ? 'the read model (the workflow did not answer)' : 'Temporal'}</dd>
          <dt>Workflow</dt>
          <dd>
            {workflow.url ? (
              <a href={workflow.url} target="_blank" rel="noopener noreferrer" class="mono" data-testid="temporal-link">
                {workflow.workflowId}
              </a>
            ) : (
              <span class="mono" data-testid="workflow-id">
                {workflow.workflowId}
              </span>
            )}
            {workflow.status && <span class="muted"> ({workflow.status.toLowerCase()})</span>}
          </dd>
        </dl>
      </section>

      <section class="card" data-testid="shipments">
        <h2>Parcels ({order.shipments.length})</h2>
        {order.shipments.length === 0 && <p class="muted">No parcel yet.</p>}
        {order.shipments.map((shipment) => (
          <ShipmentCard shipment={shipment} base={base} user={user} cancelled={order.status === OrderStatus.CANCELLED} />
        ))}
      </section>

      <div class="grid2">
        <EscrowSection escrow={props.escrow} ledger={props.ledger} dispute={order.dispute} base={base} user={user} />
        <section class="card" data-testid="timeline">
          <h2>Timeline</h2>
          <Timeline entries={props.timeline} />
        </section>
      </div>

      <section class="card" data-testid="notification-log">
        <h2>Notifications</h2>
        <NotificationLog entries={props.notifications} base={base} user={user} />
      </section>
    </Layout>
  );
}

function ShipmentCard({ shipment, base, user, cancelled }: { shipment: ShipmentDetail; base: string; user: SignedIn; cancelled: boolean }) {
  const pod = shipment.proofOfDelivery;
  const estimate = shipment.estimatedDelivery;
  const path = `${base}/shipments/${encodeURIComponent(shipment.shipmentId)}`;
  return (
    <article data-testid="shipment" data-shipment-id={shipment.shipmentId}>
      <h3>
        <span class="chip">{shipment.carrier.toUpperCase()}</span>{' '}
        <a href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer" class="mono" data-testid="tracking-number">
          {shipment.trackingNumber}
        </a>{' '}
        <Chip code={shipment.status} testId="shipment-status" />
      </h3>
      <dl class="facts">
        <dt>Shipment</dt>
        <dd class="mono">{shipment.shipmentId}</dd>
        <dt>Estimated delivery</dt>
        <dd>{estimate ? (estimate.date ?? [estimate.from, estimate.to].filter(Boolean).join(' – ')) : '—'}</dd>
        <dt>Delivery attempts</dt>
        <dd>{shipment.attempts}</dd>
        <dt>Last carrier scan</dt>
        <dd>
          <Time at={shipment.lastEventAt} />
        </dd>
        {shipment.pickup && (
          <>
            <dt>Waiting for pickup</dt>
            <dd>
              {[shipment.pickup.locationName, shipment.pickup.location?.city].filter(Boolean).join(', ') || 'at the carrier'}
              {shipment.pickup.holdUntil && ` until ${shipment.pickup.holdUntil}`}
            </dd>
          </>
        )}
        <dt>Proof of delivery</dt>
        <dd data-testid="proof-of-delivery">
          {pod ? (
            <>
              {pod.signedBy && <span>Signed by {pod.signedBy}. </span>}
              {pod.receivedBy && <span>Received by {pod.receivedBy}. </span>}
              {pod.place && <span>Left at {pod.place}. </span>}
              <span class="muted">
                {pod.hasSignature ? 'Signature on file' : 'No signature'} · {pod.hasProofOfDelivery ? 'carrier proof available' : 'no carrier proof'}
              </span>
            </>
          ) : (
            <span class="muted">none</span>
          )}
        </dd>
        {shipment.manualDelivery && (
          <>
            <dt>Marked delivered</dt>
            <dd data-testid="manual-delivery">
              <Time at={shipment.manualDelivery.at} /> by <span class="mono">{shipment.manualDelivery.keyId ?? 'an admin'}</span>: {shipment.manualDelivery.note}
              {shipment.manualDelivery.reference && <span class="muted"> (ref. {shipment.manualDelivery.reference})</span>}
            </dd>
          </>
        )}
      </dl>
      <div class="actions">
        <form method="post" action={`${path}/refresh`} data-testid="refresh-form">
          <CsrfField token={user.csrfToken} />
          <h3>Refresh now</h3>
          <p class="muted">Ask the carrier now instead of at the next scheduled poll.</p>
          <button type="submit" class="secondary" data-testid="refresh">
            Refresh now
          </button>
        </form>
        {isAdmin(user.principal) && shipment.status !== ShipmentStatus.DELIVERED && !cancelled && (
          <form method="post" action={`${path}/mark-delivered`} data-testid="mark-delivered-form" data-confirm={`Mark parcel ${shipment.trackingNumber} delivered? Its tracking stops.`}>
            <CsrfField token={user.csrfToken} />
            <h3>Mark delivered (admin)</h3>
            <textarea name="note" required maxLength={1000} placeholder="The proof: what was seen" data-testid="mark-delivered-note" />
            <input type="text" name="reference" maxLength={200} placeholder="Ticket or document reference (optional)" data-testid="mark-delivered-reference" />
            <button type="submit" class="danger" data-testid="mark-delivered">
              Mark delivered
            </button>
          </form>
        )}
      </div>
    </article>
  );
}

interface EscrowSectionProps {
  escrow: EscrowView;
  ledger: EscrowLedgerEntry[];
  dispute: OrderPageProps['order']['dispute'];
  base: string;
  user: SignedIn;
}

function EscrowSection({ escrow, ledger, dispute, base, user }: EscrowSectionProps) {
  const holdable = (escrow.state === EscrowState.HELD || escrow.state === EscrowState.RELEASE_SCHEDULED) && !escrow.pending;
  const disputeOpen = dispute !== undefined && !dispute.resolvedAt;
  return (
    <section class="card" data-testid="escrow">
      <h2>Escrow</h2>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <Chip code={escrow.state} testId="escrow-state" />
          {escrow.onHold && <span class="chip warn" data-testid="escrow-on-hold">on hold</span>}
          {escrow.decisionNeeded && <span class="chip bad" data-testid="escrow-decision-needed">decision needed</span>}
        </dd>
        <dt>Amount</dt>
        <dd>{money(escrow.amount, escrow.currency)}</dd>
        {escrow.releaseAt && (
          <>
            <dt>Releases</dt>
            <dd>
              <Time at={escrow.releaseAt} />
            </dd>
          </>
        )}
        {escrow.pending && (
          <>
            <dt>Settling</dt>
            <dd>{escrow.pending}, with the payment provider</dd>
          </>
        )}
        {escrow.settledAt && (
          <>
            <dt>Settled</dt>
            <dd>
              <Time at={escrow.settledAt} /> <span class="mono">{escrow.transactionId}</span>
            </dd>
          </>
        )}
        {dispute && (
          <>
            <dt>Dispute</dt>
            <dd data-testid="dispute">
              {words(dispute.reason)}, opened <Time at={dispute.openedAt} />
              {dispute.resolvedAt ? (
                <>
                  ; {dispute.resolution} <Time at={dispute.resolvedAt} />
                </>
              ) : (
                <span class="chip bad">open</span>
              )}
            </dd>
          </>
        )}
      </dl>
      <h3>Ledger</h3>
      {ledger.length === 0 ? (
        <p class="muted" data-testid="escrow-ledger-empty">
          Nothing handed to the payment provider yet.
        </p>
      ) : (
        <table data-testid="escrow-ledger">
          <thead>
            <tr>
              <th>Action</th>
              <th>Amount</th>
              <th>State</th>
              <th>Provider transaction</th>
              <th>Recorded</th>
            </tr>
          </thead>
          <tbody>
            {ledger.map((entry) => (
              <tr data-testid="ledger-entry" data-key={entry.idempotencyKey}>
                <td>{entry.action}</td>
                <td>{money(entry.amount, entry.currency)}</td>
                <td>
                  <Chip code={entry.state} tone={entry.state === 'settled' ? 'ok' : entry.state === 'declined' ? 'bad' : 'warn'} />
                  {entry.declineCode && <span class="mono"> {entry.declineCode}</span>}
                </td>
                <td class="mono">{entry.providerTransactionId ?? '—'}</td>
                <td>
                  <Time at={entry.settledAt ?? entry.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin(user.principal) && (holdable || disputeOpen || escrow.decisionNeeded) && (
        <div class="actions" data-testid="escrow-actions">
          {holdable && !escrow.onHold && (
            <form method="post" action={`${base}/escrow/hold`} data-testid="escrow-hold-form">
              <CsrfField token={user.csrfToken} />
              <h3>Hold (admin)</h3>
              <textarea name="reason" required maxLength={500} placeholder="Why" data-testid="escrow-hold-reason" />
              <button type="submit" data-testid="escrow-hold">
                Hold escrow
              </button>
            </form>
          )}
          {holdable && (
            <form method="post" action={`${base}/escrow/release`} data-testid="escrow-release-form" data-confirm="Release the escrow to the merchant now?">
              <CsrfField token={user.csrfToken} />
              <h3>Release now (admin)</h3>
              <textarea name="reason" required maxLength={500} placeholder="Why" data-testid="escrow-release-reason" />
              <button type="submit" class="danger" data-testid="escrow-release">
                Release escrow
              </button>
            </form>
          )}
          {(disputeOpen || escrow.decisionNeeded) && (
            <form method="post" action={`${base}/dispute/resolve`} data-testid="resolve-form" data-confirm="Settle the escrow this way?">
              <CsrfField token={user.csrfToken} />
              <h3>{disputeOpen ? 'Resolve the dispute (admin)' : 'Decide the escrow (admin)'}</h3>
              <select name="resolution" required data-testid="resolve-resolution">
                <option value="release">Release to the merchant</option>
                <option value="refund">Refund the customer</option>
              </select>
              <textarea name="note" required maxLength={1000} placeholder="What was found" data-testid="resolve-note" />
              <button type="submit" class="danger" data-testid="resolve">
                Resolve
              </button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p class="muted">Nothing yet.</p>;
  return (
    <ol class="timeline">
      {entries.map((entry) =>
        entry.kind === 'order' ? (
          <li data-testid="timeline-entry" data-kind="order">
            <Time at={entry.at} />
            <span class="chip">order</span>
            <span>
              <strong>{words(entry.type)}</strong>
              {entry.detail && <span> — {entry.detail}</span>}
              {entry.actor && <span class="muted mono"> ({entry.actor})</span>}
            </span>
          </li>
        ) : (
          <li data-testid="timeline-entry" data-kind="scan" data-shipment-id={entry.shipmentId}>
            <Time at={entry.at} />
            <span class="chip">{entry.carrier.toUpperCase()}</span>
            <span>
              <Chip code={entry.status} /> {entry.description}
              {entry.location && <span class="muted"> · {entry.location}</span>}
              <span class="muted mono"> · {entry.trackingNumber}</span>
            </span>
          </li>
        ),
      )}
    </ol>
  );
}

/** A message that went out (or was meant to) may be sent again; a resend itself is not offered again. */
const resendable = (entry: NotificationLogEntry): boolean => entry.state !== 'claimed' && !(entry.revision ?? '').includes('resend-');

function NotificationLog({ entries, base, user }: { entries: NotificationLogEntry[]; base: string; user: SignedIn }) {
  if (entries.length === 0) return <p class="muted">No message yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Milestone</th>
          <th>Channel</th>
          <th>Parcel</th>
          <th>State</th>
          <th class="num">Attempts</th>
          <th>First try</th>
          <th>Sent or failed</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr data-testid="notification" data-milestone={entry.milestone} data-channel={entry.channel} data-state={entry.state}>
            <td>
              {words(entry.milestone)}
              {entry.revision && <span class="muted mono"> {entry.revision}</span>}
            </td>
            <td>{entry.channel}</td>
            <td class="mono">{entry.shipmentId ?? '—'}</td>
            <td>
              <Chip code={entry.state} tone={entry.state === 'sent' ? 'ok' : entry.state === 'failed' ? 'bad' : entry.state === 'skipped' ? '' : 'warn'} />
              {entry.skipReason && <span class="muted"> {words(entry.skipReason)}</span>}
              {entry.failureReason && <span class="muted"> {entry.failureReason}</span>}
            </td>
            <td class="num">{entry.attempts}</td>
            <td>
              <Time at={entry.createdAt} />
            </td>
            <td>
              <Time at={entry.sentAt ?? entry.failedAt} />
            </td>
            <td>
              {resendable(entry) && (
                <form method="post" action={`${base}/notifications/resend`} data-testid="resend-form">
                  <CsrfField token={user.csrfToken} />
                  <input type="hidden" name="milestone" value={entry.milestone} />
                  <input type="hidden" name="channel" value={entry.channel} />
                  {entry.shipmentId && <input type="hidden" name="shipmentId" value={entry.shipmentId} />}
                  {entry.revision && <input type="hidden" name="revision" value={entry.revision} />}
                  <button type="submit" class="secondary" data-testid="resend">
                    Resend
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
