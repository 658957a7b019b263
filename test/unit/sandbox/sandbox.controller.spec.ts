import request from 'supertest';
import { IS_PUBLIC } from '../../../src/auth/public.decorator';
import type { App } from 'supertest/types';
import { DuplicateTrackingNumberError } from '../../../src/sandbox/parcels/sandbox-parcel.repository';
import { SandboxController } from '../../../src/sandbox/sandbox.controller';
import { SCENARIO_NAMES } from '../../../src/sandbox/scenarios';
import { isValidUpsTrackingNumber } from '../../../src/sandbox/ups/ups-tracking-numbers';
import { createSandboxTestApp, TEST_START, type SandboxTestApp } from './support/sandbox-test-app';

interface ErrorBody {
  statusCode: number;
  message: string;
}

describe(SandboxController.name, () => {
  it('should be public, like the rest of the sandbox', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, SandboxController)).toBe(true);
  });

  describe.each([
    ['without a global pipe', false],
    ['with the global zod pipe', true],
  ])('%s', (_label, globalZodPipe) => {
    let sut: SandboxTestApp;
    let server: App;

    beforeEach(async () => {
      sut = await createSandboxTestApp({ globalZodPipe, speed: 500 });
      server = sut.app.getHttpServer() as App;
    });

    afterEach(async () => sut.close());

    const createParcel = (body: object) => request(server).post('/sandbox/parcels').send(body);
    const subjects = (body: unknown): string[] =>
      (body as { messages: { subject: string }[] }).messages.map((m) => m.subject);

    describe('POST /sandbox/parcels', () => {
      it('should create a parcel with a valid tracking number at the default speed', async () => {
        const response = await createParcel({ carrier: 'ups', scenario: 'delivered' }).expect(201);
        const body = response.body as { trackingNumber: string };
        expect(body).toEqual({
          carrier: 'ups',
          trackingNumber: expect.any(String),
          scenario: 'delivered',
          speed: 500,
          createdAt: TEST_START.toISOString(),
          push: { enabled: false, pushedSteps: 0, failures: 0 },
        });
        expect(isValidUpsTrackingNumber(body.trackingNumber)).toBe(true);
        expect(sut.parcels.parcels.get(body.trackingNumber)).toMatchObject({ scenario: 'delivered', speed: 500 });
      });

      it('should take an explicit speed', async () => {
        const response = await createParcel({ carrier: 'ups', scenario: 'not_found', speed: 1 }).expect(201);
        expect((response.body as { speed: number }).speed).toBe(1);
      });

      it('should draw another number when one is taken', async () => {
        const insert = jest.spyOn(sut.parcels, 'insert');
        const first = await createParcel({ carrier: 'ups', scenario: 'delivered' }).expect(201);
        const taken = (first.body as { trackingNumber: string }).trackingNumber;
        insert.mockRejectedValueOnce(new DuplicateTrackingNumberError(taken));
        const second = await createParcel({ carrier: 'ups', scenario: 'delivered' }).expect(201);
        expect((second.body as { trackingNumber: string }).trackingNumber).not.toBe(taken);
        expect(sut.parcels.parcels.size).toBe(2);
        expect(insert).toHaveBeenCalledTimes(3);
      });

      it.each([
        [{ carrier: 'ontrac', scenario: 'delivered' }, 'carrier ontrac is not supported by the sandbox'],
        [
          { carrier: 'ups', scenario: 'teleported' },
          `scenario "teleported" is unknown; valid scenarios: ${SCENARIO_NAMES.join(', ')}`,
        ],
        [{ scenario: 'delivered' }, 'carrier is required'],
        [{ carrier: 'ups' }, 'scenario is required'],
        [{ carrier: 'ups', scenario: 'delivered', speed: 0 }, 'speed must be greater than 0'],
        [{ carrier: 'ups', scenario: 'delivered', speed: '10' }, 'speed must be a number'],
        [{ carrier: 'ups', scenario: 'delivered', speed: 1e9 }, 'speed must be at most'],
        [{ carrier: 'ups', scenario: 'delivered', colour: 'red' }, 'colour'],
      ])('should refuse %j with a clear 400 and store nothing', async (body, message) => {
        const response = await createParcel(body).expect(400);
        expect((response.body as ErrorBody).message).toContain(message);
        expect(sut.parcels.parcels.size).toBe(0);
      });

      it('should refuse a body that is not JSON', async () => {
        await request(server)
          .post('/sandbox/parcels')
          .set('Content-Type', 'application/json')
          .send('{"carrier":')
          .expect(400);
        expect(sut.parcels.parcels.size).toBe(0);
      });
    });

    describe('GET /sandbox/parcels/:trackingNumber', () => {
      it('should show the parcel with its timeline so far', async () => {
        const created = await createParcel({ carrier: 'ups', scenario: 'delivered' }).expect(201);
        const trackingNumber = (created.body as { trackingNumber: string }).trackingNumber;
        // At speed 500, six simulated hours pass in 43.2 real seconds.
        sut.clock.advance(43_200);
        const response = await request(server).get(`/sandbox/parcels/${trackingNumber.toLowerCase()}`).expect(200);
        const body = response.body as {
          timeline: { kind: string; occurredAt: string }[];
          estimatedDelivery: string;
          nextStepAt: string;
        };
        expect(body).toMatchObject({ carrier: 'ups', trackingNumber, scenario: 'delivered', speed: 500 });
        expect(body.timeline.map((s) => s.kind)).toEqual(['label_created', 'picked_up', 'arrived_at_facility']);
        expect(body.timeline[2]).toMatchObject({
          city: 'Ontario',
          region: 'CA',
          countryCode: 'US',
          postalCode: '91761',
        });
        expect(body.estimatedDelivery).toBe(new Date(TEST_START.getTime() + (54 * 3_600_000) / 500).toISOString());
        expect(Date.parse(body.nextStepAt)).toBeGreaterThan(TEST_START.getTime() + 43_200);
      });

      it('should answer 404 for an unknown parcel and 400 for a malformed number', async () => {
        const missing = await request(server).get('/sandbox/parcels/1Z9999999999999999').expect(404);
        expect((missing.body as ErrorBody).message).toContain('1Z9999999999999999');
        await request(server).get('/sandbox/parcels/1Z-12').expect(400);
      });
    });

    describe('GET /sandbox/scenarios', () => {
      it('should list every scenario with a description', async () => {
        const response = await request(server).get('/sandbox/scenarios').expect(200);
        const { scenarios } = response.body as { scenarios: { name: string; description: string }[] };
        expect(scenarios.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
        for (const s of scenarios) expect(s.description.length).toBeGreaterThan(10);
      });
    });

    describe('GET and DELETE /sandbox/mail', () => {
      const mail = (to: string, subject: string, minutes: number) => ({
        to: [to],
        from: 'Waybill <tracking@waybill.local>',
        subject,
        text: 'hello',
        html: '<p>hello</p>',
        messageId: `<${subject}@waybill.local>`,
        headers: {},
        receivedAt: new Date(TEST_START.getTime() + minutes * 60_000),
      });

      beforeEach(async () => {
        await sut.mail.insert(mail('ana@example.com', 'first', 1));
        await sut.mail.insert(mail('bo@example.com', 'second', 2));
        await sut.mail.insert(mail('ana@example.com', 'third', 3));
      });

      it('should list mail newest last', async () => {
        const response = await request(server).get('/sandbox/mail').expect(200);
        const { messages } = response.body as { messages: unknown[] };
        expect(subjects(response.body)).toEqual(['first', 'second', 'third']);
        expect(messages[0]).toEqual({
          to: 'ana@example.com',
          recipients: ['ana@example.com'],
          from: 'Waybill <tracking@waybill.local>',
          subject: 'first',
          text: 'hello',
          html: '<p>hello</p>',
          messageId: '<first@waybill.local>',
          headers: {},
          receivedAt: new Date(TEST_START.getTime() + 60_000).toISOString(),
        });
      });

      it('should filter by recipient and keep the newest within the limit', async () => {
        const forAna = await request(server).get('/sandbox/mail').query({ to: 'ANA@example.com' }).expect(200);
        expect(subjects(forAna.body)).toEqual(['first', 'third']);
        const newest = await request(server).get('/sandbox/mail').query({ limit: '2' }).expect(200);
        expect(subjects(newest.body)).toEqual(['second', 'third']);
      });

      it.each([{ limit: '0' }, { limit: 'many' }, { limit: '5000' }, { to: 'not-an-address' }, { box: 'inbox' }])(
        'should refuse the query %j with 400',
        async (query) => {
          const response = await request(server).get('/sandbox/mail').query(query).expect(400);
          expect((response.body as ErrorBody).message).toBeTruthy();
        },
      );

      it('should clear the mail', async () => {
        const response = await request(server).delete('/sandbox/mail').expect(200);
        expect(response.body).toEqual({ deleted: 3 });
        expect(sut.mail.messages).toHaveLength(0);
      });
    });
  });
});
