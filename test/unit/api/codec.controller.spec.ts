import { Controller, HttpCode, Post } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import request from 'supertest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { Roles } from '../../../src/auth/roles.decorator';
import { CodecModule } from '../../../src/codec/codec.module';
import { payloadCodecFor } from '../../../src/temporal/payload-encryption/data-converter';
import { bearer, useApiTestApp } from '../../support/api-test-app';

const KEYS = `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`;
const UI_ORIGIN = 'http://127.0.0.1:8233';
const API_ORIGIN = 'http://127.0.0.1:3000';

const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  ...(payload.data?.length ? { data: b64(payload.data) } : {}),
});
const fromJson = (json: { metadata: Record<string, string>; data?: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(json.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(json.data ?? '', 'base64'),
});
const customer = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+14155550123' };
const plainJson = (value: unknown) => toJson(defaultPayloadConverter.toPayload(value));

/** Any other route of the API, to show CORS stays on the codec routes. */
@Controller('v1/elsewhere')
class ElsewhereController {
  @Post()
  @HttpCode(200)
  @Roles('admin')
  act(): { ok: true } {
    return { ok: true };
  }
}

describe('CodecController over HTTP (real guard, pipe, gate and codec)', () => {
  const api = useApiTestApp({ controllers: [ElsewhereController], imports: [CodecModule.register({ payloadEncryptionKeys: KEYS, uiOrigin: UI_ORIGIN, apiOrigin: API_ORIGIN })] });
  const post = (path: string, body: unknown, role: 'admin' | 'support' | 'platform' | null = 'admin') => {
    const req = request(api.server).post(path).set('Content-Type', 'application/json');
    if (role) req.set('Authorization', bearer(role));
    return body === undefined ? req : req.send(body as object);
  };

  describe('encode and decode', () => {
    it('decodes what the worker encrypted, in order, with plain payloads passed through', async () => {
      const codec = await payloadCodecFor(KEYS);
      const encrypted = await codec.encode([defaultPayloadConverter.toPayload({ customer })]);
      const response = await post('/codec/decode', { payloads: [toJson(encrypted[0]), plainJson('plain')] }).expect(200);
      expect(response.body.payloads).toHaveLength(2);
      expect(defaultPayloadConverter.fromPayload(fromJson(response.body.payloads[0]))).toEqual({ customer });
      expect(response.body.payloads[1]).toEqual(plainJson('plain'));
    });

    it('encodes with the current key, and what it encodes decodes back', async () => {
      const encoded = await post('/codec/encode', { payloads: [plainJson({ customer })] }).expect(200);
      const [payload] = encoded.body.payloads;
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
      expect(Buffer.from(payload.metadata['encryption-key-id'], 'base64').toString()).toBe('k2');
      expect(Buffer.from(payload.data, 'base64').toString('latin1')).not.toContain('ada@example.com');
      const [workerSees] = await (await payloadCodecFor(KEYS)).decode([fromJson(payload)]);
      expect(defaultPayloadConverter.fromPayload(workerSees)).toEqual({ customer });
      const decoded = await post('/codec/decode', encoded.body).expect(200);
      expect(decoded.body.payloads).toEqual([plainJson({ customer })]);
    });

    it('answers an empty list, and a payload without data (binary/null)', async () => {
      expect((await post('/codec/decode', { payloads: [] }).expect(200)).body).toEqual({ payloads: [] });
      const nullPayload = { metadata: { encoding: Buffer.from('binary/null').toString('base64') } };
      expect((await post('/codec/decode', { payloads: [nullPayload] }).expect(200)).body).toEqual({ payloads: [nullPayload] });
    });

    it('ignores the query the Temporal UI adds', async () => {
      await post('/codec/decode?preserveStorageRefs=true', { payloads: [plainJson(1)] }).expect(200);
    });

    it('answers 422 for a payload under a key the ring does not hold, or altered', async () => {
      const stranger = await payloadCodecFor(`k9:${Buffer.alloc(32, 9).toString('base64')}`);
      const [foreign] = await stranger.encode([defaultPayloadConverter.toPayload(customer)]);
      const unknown = await post('/codec/decode', { payloads: [toJson(foreign)] }).expect(422);
      expect(unknown.body).toMatchObject({ error: 'PayloadNotDecryptable', message: expect.stringContaining('"k9"') });

      const [mine] = await (await payloadCodecFor(KEYS)).encode([defaultPayloadConverter.toPayload(customer)]);
      const altered = { ...toJson(mine), data: b64(mine.data!.map((b, i) => (i === 30 ? b ^ 1 : b))) };
      const tampered = await post('/codec/decode', { payloads: [altered] }).expect(422);
      expect(JSON.stringify(tampered.body)).not.toContain('ada@example.com');
    });
  });

  describe('authentication', () => {
    it('refuses a request without a key with 401, and a wrong key with 401', async () => {
      await post('/codec/decode', { payloads: [] }, null).expect(401);
      await request(api.server).post('/codec/decode').set('Content-Type', 'application/json').set('Authorization', 'Bearer not-a-real-key-at-all').send({ payloads: [] }).expect(401);
    });

    it.each(['support', 'platform'] as const)('refuses %s with 403 on both routes: decrypting customer data is for admins', async (role) => {
      await post('/codec/decode', { payloads: [] }, role).expect(403);
      await post('/codec/encode', { payloads: [] }, role).expect(403);
    });
  });

  describe('CORS, origins and content type', () => {
    const preflight = (origin: string) =>
      request(api.server)
        .options('/codec/decode')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');

    it('answers the Temporal UI’s preflight without credentials, allowing its headers and credentials', async () => {
      const response = await preflight(UI_ORIGIN).expect(204);
      expect(response.headers).toMatchObject({
        'access-control-allow-origin': UI_ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'Authorization, Content-Type, X-Namespace',
      });
      expect(response.headers.vary).toMatch(/Origin/);
    });

    it('refuses another origin’s preflight, with no CORS headers', async () => {
      const response = await preflight('https://evil.example').expect(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('lets the UI read answers, refusals included', async () => {
      const ok = await post('/codec/decode', { payloads: [] }).set('Origin', UI_ORIGIN).expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
      const refused = await post('/codec/decode', { payloads: [] }, null).set('Origin', UI_ORIGIN).expect(401);
      expect(refused.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    });

    it('refuses a request from any other origin before it reaches the codec, even an admin’s', async () => {
      const [mine] = await (await payloadCodecFor(KEYS)).encode([defaultPayloadConverter.toPayload(customer)]);
      for (const origin of ['https://evil.example', 'http://127.0.0.1:8234', 'null']) {
        const response = await post('/codec/decode', { payloads: [toJson(mine)] }).set('Origin', origin).expect(403);
        expect(response.headers['access-control-allow-origin']).toBeUndefined();
        expect(JSON.stringify(response.body)).not.toContain(b64(Buffer.from('ada')));
        expect(response.body.message).toMatch(/origin/i);
      }
    });

    it('enables CORS nowhere else in the API', async () => {
      const preflight = await request(api.server).options('/v1/elsewhere').set('Origin', UI_ORIGIN).set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const call = await request(api.server).post('/v1/elsewhere').set('Origin', UI_ORIGIN).set('Authorization', bearer('admin')).expect(200);
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('serves the API’s own origin without CORS headers (the dashboard is same-origin)', async () => {
      const response = await post('/codec/decode', { payloads: [] }).set('Origin', API_ORIGIN).expect(200);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('takes only application/json, so a cross-site form can never skip the preflight', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        await request(api.server).post('/codec/decode').set('Authorization', bearer('admin')).set('Content-Type', type).send('{"payloads":[]}').expect(415);
      }
      await post('/codec/decode', { payloads: [] }).set('Content-Type', 'application/json; charset=utf-8').expect(200);
    });
  });

  describe('malformed bodies', () => {
    const valid = plainJson('x');
    it.each([
      ['no body', undefined],
      ['no payloads', {}],
      ['payloads not a list', { payloads: valid }],
      ['an unknown top-level field', { payloads: [], extra: 1 }],
      ['an unknown payload field', { payloads: [{ ...valid, externalPayloads: [] }] }],
      ['metadata that is not an object', { payloads: [{ metadata: 'encoding' }] }],
      ['metadata values that are not base64', { payloads: [{ metadata: { encoding: 'json/plain' }, data: valid.data }] }],
      ['data that is not base64', { payloads: [{ metadata: valid.metadata, data: '{"name":"Ada"}' }] }],
      ['base64url data', { payloads: [{ metadata: valid.metadata, data: '-_-_' }] }],
      ['a __proto__ metadata key', { payloads: [JSON.parse(`{"metadata":{"__proto__":"AA=="}}`)] }],
      ['65 metadata entries', { payloads: [{ metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'AA=='])) }] }],
      ['a metadata key with a space', { payloads: [{ metadata: { 'my key': 'AA==' } }] }],
      ['more than 1000 payloads', { payloads: Array.from({ length: 1001 }, () => valid) }],
    ])('answers 400 for %s', async (_what, body) => {
      const response = await post('/codec/decode', body).expect(400);
      expect(response.body.statusCode).toBe(400);
      await post('/codec/encode', body).expect(400);
    });

    it('answers 400 for JSON that does not parse, and 413 for a body over 4 MB', async () => {
      await request(api.server).post('/codec/decode').set('Authorization', bearer('admin')).set('Content-Type', 'application/json').send('{"payloads": [').expect(400);
      const big = { payloads: [{ metadata: {}, data: Buffer.alloc(3_200_000).toString('base64') }] };
      await post('/codec/decode', big).expect(413);
    });

    it('takes bodies well over the API’s usual 64 KB', async () => {
      const large = { payloads: [{ metadata: {}, data: Buffer.alloc(1_000_000, 7).toString('base64') }] };
      const response = await post('/codec/decode', large).expect(200);
      expect(response.body).toEqual(large);
    });
  });

  it('is described in the OpenAPI document as admin routes with their statuses', () => {
    const document = cleanupOpenApiDoc(SwaggerModule.createDocument(api.app, new DocumentBuilder().addBearerAuth().build()));
    for (const path of ['/codec/encode', '/codec/decode']) {
      const operation = document.paths[path]?.post;
      expect(operation?.tags).toEqual(['codec']);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413', '415']));
      expect(operation?.requestBody).toBeDefined();
    }
  });
});
