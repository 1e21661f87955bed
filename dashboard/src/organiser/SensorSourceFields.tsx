import { type ComponentChildren, Fragment } from 'preact';
import type { AdapterFields } from './adapter-form';
import type { BindingField } from './device-bindings';
import { TextField } from './form-controls';

type SourceFields = Pick<AdapterFields, 'door' | 'doorInverted' | 'probe' | 'probeFahrenheit' | 'shelves'>;

interface Props {
  /** Prefix of every id and test id: `adapter` gives `adapter-door`, `adapter-shelf-top`, … */
  idPrefix: string;
  fields: SourceFields;
  set: (changes: Partial<SourceFields>) => void;
  shelfIds: readonly string[];
  /** The server's complaint about the sensors, shown at the door field where the form lists them. */
  sensorsError: string | undefined;
  /** What to show under a field, e.g. the sources seen under the device's topic. */
  below?: (field: BindingField, id: string, value: string, onValue: (v: string) => void) => ComponentChildren;
}

/**
 * Which of an off-the-shelf device's sensors is the door, the probe and each shelf: the same
 * fields when registering a device you bought and when re-binding one.
 */
export function SensorSourceFields({ idPrefix, fields, set, shelfIds, sensorsError, below }: Props) {
  const source = (
    field: BindingField,
    id: string,
    label: string,
    value: string,
    onValue: (v: string) => void,
    error?: string,
  ) => (
    <>
      <TextField
        id={id}
        label={label}
        value={value}
        onValue={onValue}
        testId={id}
        error={error}
        autoCapitalize="none"
        spellcheck={false}
      />
      {below?.(field, id, value, onValue)}
    </>
  );
  return (
    <>
      {source(
        'door',
        `${idPrefix}-door`,
        'Door sensor (empty: none)',
        fields.door,
        (door) => set({ door }),
        sensorsError,
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={fields.doorInverted}
          onChange={(e) => set({ doorInverted: e.currentTarget.checked })}
          data-testid={`${idPrefix}-door-inverted`}
        />{' '}
        The door reads open when it is shut (wired the other way)
      </label>
      {source('probe', `${idPrefix}-probe`, 'Temperature probe (empty: none)', fields.probe, (probe) =>
        set({ probe }),
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={fields.probeFahrenheit}
          onChange={(e) => set({ probeFahrenheit: e.currentTarget.checked })}
          data-testid={`${idPrefix}-probe-f`}
        />{' '}
        The probe reports °F
      </label>
      {shelfIds.map((shelfId) => (
        <Fragment key={shelfId}>
          {source(
            'shelf',
            `${idPrefix}-shelf-${shelfId}`,
            `Shelf ${shelfId} load cell (empty: none)`,
            fields.shelves[shelfId] ?? '',
            (value) => set({ shelves: { ...fields.shelves, [shelfId]: value } }),
          )}
        </Fragment>
      ))}
    </>
  );
}
