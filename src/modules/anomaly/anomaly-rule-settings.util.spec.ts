import {
  changedSettings,
  DEFAULT_RULE_SETTINGS,
  pickSentSettings,
} from 'src/modules/anomaly/anomaly-rule-settings.util';

describe('pickSentSettings', () => {
  it('should keep the settings sent and drop undefined and null ones', () => {
    expect(
      pickSentSettings({
        z_threshold: 2,
        lookback_days: null,
        active: false,
        direction: undefined,
      }),
    ).toEqual({ z_threshold: 2, active: false });
  });
});

describe('changedSettings', () => {
  it('should return only sent settings that differ from the stored ones', () => {
    expect(changedSettings(DEFAULT_RULE_SETTINGS, {})).toEqual({});
    expect(changedSettings(DEFAULT_RULE_SETTINGS, { z_threshold: 3, active: true })).toEqual({});
    expect(
      changedSettings(DEFAULT_RULE_SETTINGS, {
        z_threshold: 2.5,
        minimum_executions: 30,
        direction: 'drop',
        min_change_percent: 10,
      }),
    ).toEqual({ z_threshold: 2.5, direction: 'drop', min_change_percent: 10 });
  });
});
