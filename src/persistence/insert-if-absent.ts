import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './mongoose-safety';

/**
 * Inserts `doc` unless its `_id` is taken; false when it is. Racing on the primary key is how
 * several API replicas agree on who came first, and a plain insert is what FerretDB 1.x handles.
 */
export async function insertIfAbsent<T>(model: Model<T>, doc: T): Promise<boolean> {
  try {
    await model.create({ ...doc });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
