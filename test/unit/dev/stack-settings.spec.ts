import { dynamicConfigArgs, readStackSettings } from '../../../src/dev/stack-settings';

describe('the launcher settings for the Temporal dev server', () => {
  it('passes no dynamic config when TEMPORAL_DEV_DYNAMIC_CONFIG is unset', () => {
    expect(dynamicConfigArgs(readStackSettings({}))).toEqual([]);
  });

  it('passes each key=value pair as its own --dynamic-config-value', () => {
    const settings = readStackSettings({ TEMPORAL_DEV_DYNAMIC_CONFIG: 'limit.historyCount.suggestContinueAsNew=40, limit.historySize.suggestContinueAsNew=1048576' });
    expect(dynamicConfigArgs(settings)).toEqual([
      '--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40',
      '--dynamic-config-value', 'limit.historySize.suggestContinueAsNew=1048576',
    ]);
  });

  it.each(['suggestContinueAsNew', 'a=1,,b=2', 'a=1;b=2', '--ip=0.0.0.0'])('refuses %j with a message that says what it expects', (value) => {
    expect(() => readStackSettings({ TEMPORAL_DEV_DYNAMIC_CONFIG: value })).toThrow(/TEMPORAL_DEV_DYNAMIC_CONFIG: expected key=value pairs separated by commas/);
  });
});
