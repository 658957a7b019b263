import { CARRIERS, ORDER_STATUSES } from '../../../workflows/shared/vocabulary';
import type { DashboardSummary, OrderListFilter, OrderRow } from '../dashboard.queries';
import type { Flash } from '../flash';
import { age, Chip, FlashBox, Layout, Time, words, type SignedIn } from './parts';

export interface OrderListPageProps {
  user: SignedIn;
  now: Date;
  flash?: Flash;
  filter: OrderListFilter;
  /** The search text, when the page answers a search (which has no further pages). */
  search?: string;
  rows: OrderRow[];
  nextHref?: string;
  /** Set on every page after the first. */
  firstHref?: string;
  summary: DashboardSummary;
}

/** `/admin`: the summary panel, the filters and search, and one page of orders. */
export function OrderListPage({ user, now, flash, filter, search, rows, nextHref, firstHref, summary }: OrderListPageProps) {
  return (
    <Layout title="Orders" user={user}>
      <FlashBox flash={flash} />
      <SummaryPanel summary={summary} />
      <section class="card">
        <h1>Orders</h1>
        <Filters filter={filter} search={search} />
        {search !== undefined && (
          <p class="muted" data-testid="search-summary">
            {rows.length === 0 ? 'No order has that ID or tracking number.' : `Orders with the ID or tracking number “${search}”.`}{' '}
            <a href="/admin">Show all orders</a>
          </p>
        )}
        {rows.length === 0 && search === undefined ? (
          <p data-testid="no-orders">No orders match these filters.</p>
        ) : (
          <OrdersTable rows={rows} now={now} />
        )}
        <nav class="pager" aria-label="Pages">
          {firstHref && (
            <a href={firstHref} data-testid="first-page">
              ← First page
            </a>
          )}
          {nextHref && (
            <a href={nextHref} data-testid="next-page" rel="next">
              Next page →
            </a>
          )}
        </nav>
      </section>
    </Layout>
  );
}

function SummaryPanel({ summary }: { summary: DashboardSummary }) {
  return (
    <section class="card summary" data-testid="summary">
      <div>
        <h2>By status ({summary.total})</h2>
        <ul>
          {summary.byStatus.map(({ status, count }) => (
            <li>
              <a href={`/admin?status=${status}`} data-testid={`status-count-${status}`} data-count={count}>
                <Chip code={status} /> {count}
              </a>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2>Needing attention</h2>
        <a href="/admin?exception=1" class="big" data-testid="attention-count" data-count={summary.needingAttention}>
          {summary.needingAttention}
        </a>
        <p class="muted">Parcel trouble, overdue follow-ups, escrow decisions, open disputes.</p>
      </div>
      <div>
        <h2>On time by carrier</h2>
        {summary.onTime.length === 0 ? (
          <p class="muted" data-testid="on-time-empty">
            No delivered parcel in the last {summary.onTimeWindowDays} days.
          </p>
        ) : (
          <table data-testid="on-time">
            <thead>
              <tr>
                <th>Carrier</th>
                <th class="num">On time</th>
                <th class="num">Delivered</th>
                <th class="num">No due day</th>
              </tr>
            </thead>
            <tbody>
              {summary.onTime.map((rate) => (
                <tr data-testid={`on-time-${rate.carrier}`} data-on-time={rate.onTime} data-judged={rate.judged}>
                  <td>{rate.carrier.toUpperCase()}</td>
                  <td class="num">{rate.judged === 0 ? '—' : `${Math.round((rate.onTime / rate.judged) * 100)}%`}</td>
                  <td class="num">{rate.judged}</td>
                  <td class="num">{rate.undated}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="muted">Parcels of orders from the last {summary.onTimeWindowDays} days, delivered by the promised day (or the carrier’s estimate).</p>
      </div>
    </section>
  );
}

function Filters({ filter, search }: { filter: OrderListFilter; search?: string }) {
  return (
    <form method="get" action="/admin" class="filters" data-testid="filters">
      <label>
        Status
        <select name="status" data-testid="filter-status" data-autosubmit>
          <option value="">Any</option>
          {ORDER_STATUSES.map((status) => (
            <option value={status} selected={filter.status === status}>
              {words(status)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Carrier
        <select name="carrier" data-testid="filter-carrier" data-autosubmit>
          <option value="">Any</option>
          {CARRIERS.map((carrier) => (
            <option value={carrier} selected={filter.carrier === carrier}>
              {carrier.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="exception" value="1" checked={filter.exception === true} data-testid="filter-exception" data-autosubmit />
        Needs attention
      </label>
      <label class="check">
        <input type="checkbox" name="delayed" value="1" checked={filter.delayed === true} data-testid="filter-delayed" data-autosubmit />
        Delayed
      </label>
      <label>
        Order ID or tracking number
        <input type="search" name="q" value={search ?? ''} maxLength={100} data-testid="search" />
      </label>
      <button type="submit" data-testid="apply-filters">
        Apply
      </button>
    </form>
  );
}

function OrdersTable({ rows, now }: { rows: OrderRow[]; now: Date }) {
  return (
    <table data-testid="orders-table">
      <thead>
        <tr>
          <th>Order</th>
          <th>Status</th>
          <th>Parcels</th>
          <th>Delayed</th>
          <th>Needs attention</th>
          <th>Escrow</th>
          <th>Age</th>
          <th>Last carrier scan</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr data-testid="order-row" data-order-id={row.orderId}>
            <td>
              <a href={`/admin/orders/${encodeURIComponent(row.orderId)}`} class="mono" data-testid="order-link">
                {row.orderId}
              </a>
            </td>
            <td>
              <Chip code={row.status} testId="order-status" />
            </td>
            <td data-testid="order-parcels">
              {row.parcels.length === 0 ? (
                row.carriers.length === 0 ? <span class="muted">none yet</span> : row.carriers.map((c) => <span class="chip">{c.toUpperCase()}</span>)
              ) : (
                row.parcels.map((parcel) => (
                  <div>
                    <span class="chip">{parcel.carrier.toUpperCase()}</span>
                    <span class="mono">{parcel.trackingNumber}</span> <Chip code={parcel.status} />
                  </div>
                ))
              )}
            </td>
            <td data-testid="order-delayed" data-value={String(row.delayed)}>
              {row.delayed ? <span class="chip warn">delayed</span> : <span class="muted">no</span>}
            </td>
            <td data-testid="order-attention" data-value={String(row.attention.length > 0)}>
              {row.attention.length === 0 ? <span class="muted">—</span> : row.attention.map((reason) => <Chip code={reason} tone="bad" />)}
            </td>
            <td data-testid="order-escrow">
              <Chip code={row.escrow?.state ?? 'none'} />
              {row.escrow?.onHold && <span class="chip warn">on hold</span>}
            </td>
            <td data-testid="order-age">
              <span title={row.createdAt.toISOString()}>{age(row.createdAt, now)}</span>
            </td>
            <td data-testid="order-last-scan">
              <Time at={row.lastScanAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
