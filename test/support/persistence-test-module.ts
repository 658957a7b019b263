import type { Provider, Type } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Model } from 'mongoose';
import { PersistenceModule } from '../../src/persistence/persistence.module';
import { startTestMongo, type TestMongo } from './mongo-server';

/*
 * The repository specs each run the real PersistenceModule against a database of their own on the
 * test Mongo server (FerretDB unless MONGODB_URI names a MongoDB). This starts both before the
 * file's tests and stops them after, so a spec only says which database and indexes it needs.
 */

export interface PersistenceTestOptions {
  /** Providers built on the repositories, such as a worker-side store. */
  providers?: Provider[];
  /** Models whose declared indexes must exist before the first test (unique keys, sort orders). */
  syncIndexes?: string[];
}

export interface TestPersistence {
  /** A provider of the compiled module: a repository, or one of `providers`. */
  get<T>(token: Type<T>): T;
  /** The mongoose model registered under a schema name. */
  model<T>(name: string): Model<T>;
}

/** Registers beforeAll/afterAll (60 s each: FerretDB can be slow to start) and returns accessors for the tests. */
export function usePersistence(database: string, { providers = [], syncIndexes = [] }: PersistenceTestOptions = {}): TestPersistence {
  let mongo: TestMongo | undefined;
  let moduleRef: TestingModule | undefined;
  const compiled = (): TestingModule => {
    if (!moduleRef) throw new Error('The persistence module is read before its beforeAll has run');
    return moduleRef;
  };
  const model = <T>(name: string): Model<T> => compiled().get<Model<T>>(getModelToken(name));

  beforeAll(async () => {
    mongo = await startTestMongo(database);
    moduleRef = await Test.createTestingModule({ imports: [PersistenceModule.forRoot(mongo.uri)], providers }).compile();
    await moduleRef.init();
    for (const name of syncIndexes) await model(name).syncIndexes();
  }, 60_000);

  afterAll(async () => {
    await moduleRef?.close();
    await mongo?.stop();
  }, 60_000);

  return { get: (token) => compiled().get(token), model };
}
