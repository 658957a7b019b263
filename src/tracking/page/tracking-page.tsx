import { httpsUrl, type Brand } from '../../../activities/notifications/templates/brand';
import type { CustomerOrderView, CustomerShipmentView } from '../../customer/customer-order-view';
import type { TrackedView } from '../tracking-views';
import { formatDay, formatEstimate, type EstimateText } from './format';
import { Document, renderDocument, type PageAssets } from './layout';
import { actionsFor, parcelsUnderway, progressOf } from './progress';
import {
  CARRIER_NAMES,
  NOTICES,
  ORDER_STATUS_LABELS,
  ORDER_STATUS_LINES,
  SHIPMENT_STATUS_LABELS,
  STEP_LABELS,
  TEXT,
  type Notice,
} from './tracking-page.messages';

/** Where the page's links, forms, stream and assets live, built by the controller from the request's token. */
export interface TrackingPageUrls {
  page: string;
  events: string;
  confirmReceipt: string;
  reportProblem: string;
}

export interface TrackingPageModel {
  tracked: TrackedView;
  brand: Brand;
  urls: TrackingPageUrls;
  assets: Required<PageAssets>;
  /** A form went through (`?done=`). */
  notice?: Notice;
  /** A form was refused: what to tell the customer, and the note they typed, to keep it. */
  refusal?: { message: string; note?: string };
  now?: Date;
}

/**
 * The customer's tracking page: status, the steps, the estimate, each parcel with its carrier's
 * link, and the actions the order allows. Phone first; works without its script, which only keeps
 * it current (assets/tracking-page.client.ts). Each `data-live-region` is replaced in place when an
 * update arrives; `data-testid`s are stable for browser tests.
 */
export function TrackingPage({ tracked, brand, urls, assets, notice, refusal, now = new Date() }: TrackingPageModel) {
  const { view, revision } = tracked;
  return (
    <Document title={TEXT.title(view.orderId, brand.name)} assets={assets} brand={brand}>
      <main class="tracking" data-testid="tracking-page" data-page-url={urls.page} data-events-url={urls.events} data-revision={String(revision)}>
        {/* Shown and worded by the page's script, which has no words of its own. */}
        <p
          class="live"
          data-testid="live-status"
          data-live-status="idle"
          data-text-live={TEXT.liveOn}
          data-text-reconnecting={TEXT.liveReconnecting}
          data-text-off={TEXT.liveOff}
          data-text-expired={TEXT.expired}
          role="status"
          hidden
        />
        {notice && (
          <p class="notice ok" role="status" data-testid="notice" data-notice={notice}>
            {NOTICES[notice]}
          </p>
        )}
        {refusal && (
          <p class="notice error" role="alert" data-testid="action-error">
            {refusal.message}
          </p>
        )}
        <Summary view={view} now={now} />
        <Steps view={view} />
        <Parcels view={view} now={now} />
        <Actions view={view} urls={urls} refusal={refusal} />
      </main>
    </Document>
  );
}

export const renderTrackingPage = (model: TrackingPageModel): string => renderDocument(<TrackingPage {...model} />);

function Summary({ view, now }: { view: CustomerOrderView; now: Date }) {
  const underway = parcelsUnderway(view);
  // One estimate for the order only when one parcel is still coming; with several, each shows its own.
  const estimate = underway.length === 1 ? formatEstimate(underway[0]?.estimatedDelivery, now) : undefined;
  return (
    <section class="summary" data-live-region="summary" data-testid="summary">
      <p class="order-id" data-testid="order-id">
        {TEXT.order(view.orderId)}
      </p>
      <h1 data-testid="order-status" data-status={view.status}>
        {ORDER_STATUS_LABELS[view.status]}
      </h1>
      <p class="status-line" data-testid="status-line">
        {ORDER_STATUS_LINES[view.status]}
      </p>
      {view.delayed && (
        <p class="delay" data-testid="delay-notice">
          {TEXT.delayed}
        </p>
      )}
      {estimate && (
        <p class="eta" data-testid="order-eta">
          {TEXT.estimatedDelivery}: <Estimate estimate={estimate} />
        </p>
      )}
      <PaymentNotice view={view} now={now} />
    </section>
  );
}

function PaymentNotice({ view, now }: { view: CustomerOrderView; now: Date }) {
  const { dispute } = view;
  let text: string | undefined;
  if (dispute && !dispute.resolvedAt) text = TEXT.disputeOpen(formatDay(dispute.openedAt.slice(0, 10), now) ?? dispute.openedAt.slice(0, 10));
  else if (dispute?.resolution === 'refunded') text = TEXT.disputeRefunded;
  else if (dispute?.resolvedAt) text = TEXT.disputeReleased;
  else if (view.escrow.state === 'refunded') text = TEXT.refunded;
  if (!text) return null;
  return (
    <p class="notice" data-testid="dispute-notice">
      {text}
    </p>
  );
}

function Steps({ view }: { view: CustomerOrderView }) {
  const { steps, side } = progressOf(view.status);
  return (
    <section class="progress" data-live-region="progress" data-testid="progress">
      <ol class="steps" aria-label={TEXT.progress} data-testid="steps">
        {steps.map(({ key, state }) => (
          <li key={key} class={`step ${state}`} data-testid={`step-${key}`} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
            {STEP_LABELS[key]}
          </li>
        ))}
      </ol>
      {side && (
        <p class="side-state" data-testid="side-state" data-status={side}>
          {ORDER_STATUS_LABELS[side]}
        </p>
      )}
    </section>
  );
}

function Parcels({ view, now }: { view: CustomerOrderView; now: Date }) {
  return (
    <section class="parcels" data-live-region="parcels" data-testid="parcels">
      <h2>{TEXT.parcels(view.shipments.length)}</h2>
      {view.shipments.length === 0 ? (
        <p data-testid="no-parcels">{TEXT.noParcels}</p>
      ) : (
        <ul>
          {view.shipments.map((shipment) => (
            <Parcel key={`${shipment.carrier}:${shipment.trackingNumber}`} shipment={shipment} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Parcel({ shipment, now }: { shipment: CustomerShipmentView; now: Date }) {
  const carrier = CARRIER_NAMES[shipment.carrier] ?? shipment.carrier;
  // Only an absolute https link (or http to this machine, in development) becomes a link: never `javascript:`.
  const link = httpsUrl(shipment.trackingUrl);
  const estimate = shipment.status === 'delivered' ? undefined : formatEstimate(shipment.estimatedDelivery, now);
  return (
    <li class="parcel" data-testid="parcel" data-carrier={shipment.carrier} data-tracking-number={shipment.trackingNumber}>
      <p class="parcel-head">
        <span class="carrier" data-testid="parcel-carrier">
          {carrier}
        </span>{' '}
        <span class="tracking-number" data-testid="parcel-tracking-number" aria-label={TEXT.trackingNumber}>
          {shipment.trackingNumber}
        </span>
      </p>
      <p class={`parcel-status ${shipment.status}`} data-testid="parcel-status" data-status={shipment.status}>
        {SHIPMENT_STATUS_LABELS[shipment.status]}
      </p>
      {estimate && (
        <p class="eta" data-testid="parcel-eta">
          {TEXT.estimatedDelivery}: <Estimate estimate={estimate} />
        </p>
      )}
      {link && (
        <a class="button secondary" href={link} target="_blank" rel="noopener noreferrer" data-testid="parcel-carrier-link">
          {TEXT.trackWith(carrier)}
        </a>
      )}
    </li>
  );
}

/** A day as text; a window also carries its instants, which the page's script rewrites in the phone's time zone. */
function Estimate({ estimate }: { estimate: EstimateText }) {
  return (
    <span class="estimate" data-testid="eta" data-eta-from={estimate.from} data-eta-to={estimate.to}>
      {estimate.text}
    </span>
  );
}

function Actions({ view, urls, refusal }: { view: CustomerOrderView; urls: TrackingPageUrls; refusal?: TrackingPageModel['refusal'] }) {
  const allowed = actionsFor(view);
  return (
    <section class="actions" data-live-region="actions" data-testid="actions">
      {allowed.confirmReceipt && (
        <form method="post" action={urls.confirmReceipt} class="action" data-testid="confirm-receipt-form">
          <h2>{TEXT.confirmHeading}</h2>
          <p>{TEXT.confirmHelp}</p>
          <button type="submit" data-testid="confirm-receipt">
            {TEXT.confirmButton}
          </button>
        </form>
      )}
      {allowed.reportProblem && (
        <details class="action" data-testid="report-problem" open={refusal?.note !== undefined}>
          <summary>{TEXT.reportSummary}</summary>
          <form method="post" action={urls.reportProblem} data-testid="report-problem-form">
            <p>{TEXT.reportHelp}</p>
            <input type="hidden" name="kind" value="not_received" />
            <label for="problem-note">{TEXT.noteLabel}</label>
            <textarea id="problem-note" name="note" maxLength={1000} rows={3} data-testid="problem-note" value={refusal?.note ?? ''} />
            <button type="submit" class="secondary" data-testid="report-problem-submit">
              {TEXT.reportButton}
            </button>
          </form>
        </details>
      )}
    </section>
  );
}
