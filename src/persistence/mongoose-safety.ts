import mongoose from 'mongoose';

/**
 * Applied once, before any connection opens: query filters from user input can never smuggle in
 * operators (`{"$gt": ""}` becomes a literal match), and a filter on an unknown path throws instead
 * of silently matching everything.
 */
export function applyMongooseSafetyDefaults(): void {
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', 'throw');
}

/** MongoDB's duplicate-key error, which FerretDB reports with the same code. */
export const isDuplicateKeyError = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
