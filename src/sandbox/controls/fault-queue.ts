/** A fault queued for the next `count` calls it matches. */
export interface Queued<F extends object> {
  fault: F;
  count: number;
}

/**
 * The faults an emulator's controls hold for its next calls, in the order they were queued. Copies
 * go in and out, so neither the caller that queued a fault nor one that reads the queue can change
 * what later calls get.
 */
export class FaultQueue<F extends object, Q extends Queued<F> = Queued<F>> {
  private queued: Q[] = [];

  push(queued: Q): void {
    if (!Number.isInteger(queued.count) || queued.count < 1) throw new RangeError('count must be a positive integer');
    this.queued.push(copy(queued));
  }

  pending(): Q[] {
    return this.queued.map(copy);
  }

  /** Uses up one call of the first queued fault that `matches` (any, by default); undefined when none does. */
  take(matches: (queued: Q) => boolean = () => true): F | undefined {
    const index = this.queued.findIndex(matches);
    if (index < 0) return undefined;
    const queued = this.queued[index];
    queued.count -= 1;
    if (queued.count <= 0) this.queued.splice(index, 1);
    return { ...queued.fault };
  }

  clear(): void {
    this.queued = [];
  }
}

const copy = <F extends object, Q extends Queued<F>>(queued: Q): Q => ({ ...queued, fault: { ...queued.fault } });
