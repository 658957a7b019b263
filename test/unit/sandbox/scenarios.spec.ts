import { STEP_KINDS } from '../../../src/sandbox/scenario.types';
import { SCENARIO_NAMES, SCENARIOS, ScenarioNameSchema, isScenarioName } from '../../../src/sandbox/scenarios';

describe('SCENARIOS', () => {
  it.each(SCENARIO_NAMES)('should keep %s steps in time order with known kinds', (name) => {
    const { steps } = SCENARIOS[name];
    for (let i = 1; i < steps.length; i++) expect(steps[i].at).toBeGreaterThanOrEqual(steps[i - 1].at);
    for (const step of steps) expect(STEP_KINDS).toContain(step.kind);
  });

  it('should key every scenario by its own name', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...SCENARIO_NAMES].sort());
    for (const name of SCENARIO_NAMES) expect(SCENARIOS[name].name).toBe(name);
  });

  it('should start every known scenario with a label and give it an estimate', () => {
    for (const name of SCENARIO_NAMES.filter((n) => SCENARIOS[n].knownToCarrier)) {
      expect(SCENARIOS[name].steps[0].kind).toBe('label_created');
      expect(SCENARIOS[name].etaAt).not.toBeNull();
    }
  });

  it('should deliver the delivered scenario about 52 simulated hours after the label', () => {
    const { steps } = SCENARIOS.delivered;
    const label = steps.find((s) => s.kind === 'label_created');
    const delivered = steps.find((s) => s.kind === 'delivered');
    expect((delivered!.at - label!.at) / 60).toBeCloseTo(52, 0);
  });

  it('should give the in-progress scenario history before creation', () => {
    const { steps } = SCENARIOS.out_for_delivery_then_delivered;
    expect(steps[0].at).toBeLessThan(0);
    const outForDelivery = steps.find((s) => s.kind === 'out_for_delivery');
    const delivered = steps.find((s) => s.kind === 'delivered');
    expect(outForDelivery!.at).toBeGreaterThan(0);
    expect(outForDelivery!.at).toBeLessThanOrEqual(60);
    expect(delivered!.at - outForDelivery!.at).toBeGreaterThanOrEqual(2 * 60);
  });

  it('should carry the extra data each special step needs', () => {
    for (const name of SCENARIO_NAMES) {
      for (const step of SCENARIOS[name].steps) {
        if (step.kind === 'eta_updated') expect(step.etaAt).toEqual(expect.any(Number));
        if (step.kind === 'held_for_pickup') expect(step.holdUntilAt).toBeGreaterThan(step.at);
        if (step.kind === 'delivered_signed') expect(step.receivedBy).toBeTruthy();
      }
    }
  });

  it('should leave not_found unknown to the carrier', () => {
    expect(SCENARIOS.not_found.knownToCarrier).toBe(false);
    expect(SCENARIOS.not_found.steps).toHaveLength(0);
  });
});

describe('ScenarioNameSchema', () => {
  it('should accept every scenario name', () => {
    for (const name of SCENARIO_NAMES) expect(ScenarioNameSchema.parse(name)).toBe(name);
    expect(isScenarioName('delivered')).toBe(true);
  });

  it('should reject an unknown name and list the valid ones', () => {
    const result = ScenarioNameSchema.safeParse('teleported');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain('scenario "teleported" is unknown');
    expect(result.error?.issues[0].message).toContain(SCENARIO_NAMES.join(', '));
    expect(isScenarioName('teleported')).toBe(false);
  });
});
