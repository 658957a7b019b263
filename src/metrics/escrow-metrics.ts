import { Counter, type Registry } from 'prom-client';
import type { EscrowOutcome, EscrowRecorder } from '../../activities/activity-metrics';
import type { EscrowAction } from '../../activities/escrow/escrow.types';
import { boundedLabel } from './bounded-label';

export const ESCROW_ACTIONS: readonly EscrowAction[] = ['release', 'refund'];
export const ESCROW_OUTCOMES: readonly EscrowOutcome[] = ['settled', 'already_settled', 'declined', 'settled_otherwise', 'failed_retryable'];

/** Escrow settlements (the money moving) by action and outcome, counted by the settlement activity. */
export class EscrowMetrics implements EscrowRecorder {
  private readonly settlements: Counter<'action' | 'outcome'>;

  constructor(registry: Registry) {
    this.settlements = new Counter({
      name: 'waybill_escrow_settlements_total',
      help: 'Escrow settlement attempts by action (release, refund) and outcome (settled, already_settled, declined, settled_otherwise, failed_retryable).',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    });
    for (const action of ESCROW_ACTIONS) for (const outcome of ESCROW_OUTCOMES) this.settlements.inc({ action, outcome }, 0);
  }

  escrowSettlement(action: EscrowAction, outcome: EscrowOutcome): void {
    this.settlements.inc({ action: boundedLabel(action, ESCROW_ACTIONS), outcome: boundedLabel(outcome, ESCROW_OUTCOMES) });
  }
}
