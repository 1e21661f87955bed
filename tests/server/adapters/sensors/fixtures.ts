import type { SensorBinding } from '../../../../server/adapters/sensors/types';

/** A binding with the usual defaults; tests name only what matters. */
export function binding(
  source: string,
  role: SensorBinding['role'],
  extra: Partial<SensorBinding> = {},
): SensorBinding {
  return {
    source,
    role,
    fridgeId: 'elm-st',
    shelfId: role === 'weight' ? 's1' : null,
    invert: false,
    unit: null,
    attribute: null,
    ...extra,
  };
}
