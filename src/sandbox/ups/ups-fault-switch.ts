import { Injectable } from '@nestjs/common';

export type UpsFaultStatus = 429 | 500 | 502 | 503;
/** Which emulator endpoint a forced fault hits. */
export type UpsFaultTarget = 'track' | 'token' | 'any';

export interface UpsFaultPlan {
  status: UpsFaultStatus;
  count: number;
  target?: UpsFaultTarget;
}

/**
 * "Make the next N UPS responses fail": the minimal fault switch demos and tests need to see
 * retries and back-off. A richer fault-control API can build on it.
 */
@Injectable()
export class UpsFaultSwitch {
  private plan: Required<UpsFaultPlan> | null = null;

  failNext(plan: UpsFaultPlan): void {
    if (!Number.isInteger(plan.count) || plan.count < 0) throw new RangeError('count must be a non-negative integer');
    this.plan = plan.count === 0 ? null : { target: 'track', ...plan };
  }

  clear(): void {
    this.plan = null;
  }

  /** How many forced faults are left. */
  get remaining(): number {
    return this.plan?.count ?? 0;
  }

  /** Consumes one forced fault for this endpoint, if one is pending. */
  take(endpoint: Exclude<UpsFaultTarget, 'any'>): UpsFaultStatus | undefined {
    const plan = this.plan;
    if (!plan || (plan.target !== 'any' && plan.target !== endpoint)) return undefined;
    plan.count -= 1;
    if (plan.count <= 0) this.plan = null;
    return plan.status;
  }
}
