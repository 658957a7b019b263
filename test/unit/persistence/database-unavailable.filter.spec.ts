import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import mongoose from 'mongoose';
import request from 'supertest';
import { DatabaseUnavailableFilter, isDatabaseUnavailable } from '../../../src/persistence/database-unavailable.filter';

const { MongoNetworkError, MongoServerSelectionError, MongoServerError } = mongoose.mongo;

@Controller('probe')
class ProbeController {
  static next: Error;
  @Get()
  fail(): never {
    throw ProbeController.next;
  }
}

describe('DatabaseUnavailableFilter', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController], providers: [{ provide: APP_FILTER, useClass: DatabaseUnavailableFilter }] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it('tells MongoDB being unreachable from a query that failed', () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('read failed', { cause: new MongoNetworkError('socket closed') }))).toBe(true);
    expect(isDatabaseUnavailable(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable('MongoNetworkError')).toBe(false);
  });

  it('answers 503 with Retry-After when MongoDB cannot be reached', async () => {
    ProbeController.next = new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { type: 'Unknown', servers: new Map(), stale: false, compatible: true, heartbeatFrequencyMS: 0, localThresholdMS: 0 } as never);
    const response = await request(app.getHttpServer()).get('/probe');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({ statusCode: 503, message: 'The database is unavailable; retry the request shortly.' });
  });

  it('leaves every other error to Nest: a 500 without details', async () => {
    ProbeController.next = new MongoServerError({ message: 'E11000 duplicate key', code: 11000 });
    const response = await request(app.getHttpServer()).get('/probe');
    expect(response.status).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
  });
});
