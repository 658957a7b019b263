import mongoose, { type Model } from 'mongoose';
import { SupportAlertKind, supportAlertId, type SupportAlertRequest } from '../../activities/alerts/support-alert.types';
import { SUPPORT_ALERT_MODEL } from '../../src/persistence/support-alert.schema';
import { SupportAlertsRepository, type SupportAlertDocument } from '../../src/persistence/support-alerts.repository';
import { usePersistence } from '../support/persistence-test-module';

describe('SupportAlertsRepository on FerretDB', () => {
  let alerts: SupportAlertsRepository;
  let model: Model<SupportAlertDocument>;
  let counter = 0;

  /** A fresh order per test, so tests never see each other's alerts. */
  const newRequest = (patch: Partial<SupportAlertRequest> = {}): SupportAlertRequest => {
    counter += 1;
    return { orderId: `SA-${counter}`, shipmentId: 'shp_1', kind: SupportAlertKind.SHIPMENT_STALLED, occurrence: '1', detail: 'No scan for 5 days.', ...patch };
  };
  const raise = (request: SupportAlertRequest) => alerts.insertIfAbsent(supportAlertId(request), request);

  const db = usePersistence('waybill_support_alerts_test', { syncIndexes: [SUPPORT_ALERT_MODEL] });

  beforeAll(() => {
    alerts = db.get(SupportAlertsRepository);
    model = db.model(SUPPORT_ALERT_MODEL);
  });

  it('inserts an open alert once; a retry answers created=false with the stored alert', async () => {
    const request = newRequest();
    const id = supportAlertId(request);
    const first = await raise(request);
    expect(first).toMatchObject({ created: true, alert: { alertId: id, orderId: request.orderId, kind: 'shipment_stalled', state: 'open' } });
    const again = await raise({ ...request, detail: 'A different wording' });
    expect(again.created).toBe(false);
    expect(again.alert).toMatchObject({ alertId: id, detail: 'No scan for 5 days.' });
    expect(again.alert.createdAt.getTime()).toBe(first.alert.createdAt.getTime());
    expect(await model.countDocuments({ _id: id })).toBe(1);
  });

  it('lets exactly one of concurrent inserts create the alert', async () => {
    const request = newRequest();
    const results = await Promise.all([raise(request), raise(request), raise(request)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
    expect(await model.countDocuments({ orderId: request.orderId })).toBe(1);
  });

  it('keeps an alert without a parcel', async () => {
    const request = newRequest({ shipmentId: undefined, kind: SupportAlertKind.DISPUTE_OPENED });
    const { alert } = await raise(request);
    expect(alert.alertId).toBe(`alert:${request.orderId}:dispute_opened:-:1`);
    expect((await alerts.find(alert.alertId))?.shipmentId).toBeUndefined();
  });

  it('marks an alert emailed, and a retried insert answers the mark (so the activity emails once)', async () => {
    const request = newRequest();
    const { alert } = await raise(request);
    const at = new Date('2026-11-26T10:00:00Z');
    await alerts.markEmailed(alert.alertId, at);
    expect((await raise(request)).alert.emailedAt).toEqual(at);
  });

  it('acknowledges once: a second acknowledgement keeps the first key and time', async () => {
    const { alert } = await raise(newRequest());
    const first = await alerts.acknowledge(alert.alertId, 'key_support1');
    expect(first).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'key_support1' });
    const second = await alerts.acknowledge(alert.alertId, 'key_admin0001');
    expect(second).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'key_support1' });
    expect(second?.acknowledgedAt?.getTime()).toBe(first?.acknowledgedAt?.getTime());
    await expect(alerts.acknowledge('alert:nothing:here:-:1', 'key_support1')).resolves.toBeUndefined();
  });

  it('lists newest first by state and by order, paging by keyset across equal timestamps', async () => {
    const orderId = `SA-list-${Date.now()}`;
    const requests = ['1', '2', '3', '4', '5'].map((occurrence) => ({ ...newRequest(), orderId, occurrence }));
    for (const request of requests) await raise(request);
    // Two alerts in the same millisecond: _id breaks the tie.
    const sameTime = new Date('2030-01-01T00:00:00Z');
    await model.updateMany({ _id: mongoose.trusted({ $in: [supportAlertId(requests[3]), supportAlertId(requests[4])] }) }, { $set: { createdAt: sameTime } });
    await alerts.acknowledge(supportAlertId(requests[0]), 'key_support1');

    const seen: string[] = [];
    let after: { createdAt: Date; alertId: string } | undefined;
    for (;;) {
      const page = await alerts.list({ orderId, limit: 2, after });
      seen.push(...page.map((a) => a.alertId));
      const last = page[page.length - 1];
      if (page.length < 2 || !last) break;
      after = { createdAt: last.createdAt, alertId: last.alertId };
    }
    const expected = [supportAlertId(requests[4]), supportAlertId(requests[3]), ...[2, 1, 0].map((i) => supportAlertId(requests[i]))];
    expect(seen).toEqual(expected);

    const open = await alerts.list({ orderId, state: 'open', limit: 10 });
    expect(open.map((a) => a.alertId)).toEqual(expected.slice(0, 4));
    const openEverywhere = await alerts.list({ state: 'open', limit: 100 });
    expect(openEverywhere.every((a) => a.state === 'open')).toBe(true);
    expect(openEverywhere[0].createdAt.getTime()).toBeGreaterThanOrEqual(openEverywhere[openEverywhere.length - 1].createdAt.getTime());
  });

  it('has the indexes listing relies on', async () => {
    const keys = (await model.listIndexes()).map((index) => JSON.stringify(index.key));
    expect(keys).toEqual(
      expect.arrayContaining([
        JSON.stringify({ createdAt: -1, _id: -1 }),
        JSON.stringify({ state: 1, createdAt: -1, _id: -1 }),
        JSON.stringify({ orderId: 1, createdAt: -1, _id: -1 }),
      ]),
    );
  });

  it('never lets operator objects through (sanitized or refused): they match and change nothing', async () => {
    const { alert } = await raise(newRequest());
    const hostile = { $ne: 'nothing' } as unknown as string;
    await alerts.acknowledge(hostile, 'key_evil').catch(() => undefined);
    await alerts.markEmailed(hostile, new Date()).catch(() => undefined);
    expect(await alerts.find(alert.alertId)).toMatchObject({ state: 'open' });
    expect(await model.countDocuments({ acknowledgedBy: 'key_evil' })).toBe(0);
    await expect(alerts.list({ orderId: hostile, limit: 10 }).catch(() => [])).resolves.toEqual([]);
  });
});
