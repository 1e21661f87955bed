import { useEffect, useRef, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { levelWords } from '../format';
import { useNavigate } from '../navigation';
import { fridgeHref, organiseHref, screenHref } from '../routes';
import { DeviceBindingsPanel } from './DeviceBindingsPanel';
import { DevicesPanel } from './DevicesPanel';
import { FridgeAlertPanel } from './FridgeAlertPanel';
import { FridgeNeedsPanel } from './FridgeNeedsPanel';
import { FridgePlacePanel } from './FridgePlacePanel';
import { FridgeRestockPanel } from './FridgeRestockPanel';
import { ConfirmButton, Field, FormError, StatusMessage, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import { checkFridgeEdit, editFieldsOf, type FridgeEditFields, LEVEL_FIELDS, LIMITS } from './fridge-form';
import { OffTheShelfPanel } from './OffTheShelfPanel';
import type { OrganiserContext } from './organiser-context';
import { ShelfCalibrationPanel } from './ShelfCalibrationPanel';

/** One fridge for organisers: its details and levels, sensors, restocking, and removal. */
export function ManageFridgeScreen({ context, fridgeId }: { context: OrganiserContext; fridgeId: string }) {
  const { state } = context.live;
  const fridge = state.fridges[fridgeId];
  if (fridge === undefined) {
    const notFound = state.notFound.has(fridgeId);
    return (
      <>
        <nav class="back" aria-label="Back">
          <a href={organiseHref()}>← Fridges</a>
        </nav>
        <h1 tabIndex={-1}>{notFound ? 'Fridge not found' : 'Loading…'}</h1>
        {notFound && <p>There is no fridge or pantry called “{fridgeId}” (any more).</p>}
      </>
    );
  }
  return (
    <>
      <nav class="back" aria-label="Back">
        <a href={organiseHref()}>← Fridges</a>
      </nav>
      <header class="detail-head">
        <h1 tabIndex={-1} data-testid="manage-fridge-title">
          {fridge.name}
        </h1>
        <p class="muted">
          <code>{fridge.id}</code> · <a href={fridgeHref(fridge.id)}>Public page</a> ·{' '}
          <a href={screenHref(fridge.id)}>Status screen</a>
        </p>
      </header>
      <DetailsPanel context={context} fridge={fridge} />
      <FridgePlacePanel context={context} fridge={fridge} />
      <FridgeNeedsPanel context={context} fridge={fridge} />
      <DevicesPanel context={context} fridge={fridge} />
      <ShelfCalibrationPanel context={context} fridge={fridge} />
      <OffTheShelfPanel context={context} fridge={fridge} />
      <DeviceBindingsPanel context={context} fridge={fridge} />
      <FridgeRestockPanel context={context} fridge={fridge} />
      <FridgeAlertPanel context={context} fridge={fridge} />
      <RemovePanel context={context} fridge={fridge} />
    </>
  );
}

const LEVEL_LABELS: Record<(typeof LEVEL_FIELDS)[number], string> = {
  emptyBelowPercent: `“${levelWords('empty')}” below (%)`,
  fewBelowPercent: `“${levelWords('few')}” below (%)`,
  manyBelowPercent: `“${levelWords('many')}” below (%)`,
};

function DetailsPanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const [fields, setFields] = useState<FridgeEditFields>(() => editFieldsOf(fridge));
  const [saved, setSaved] = useState<string | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const { errors } = submit;
  // Another organiser (or this one, in another tab) may change the fridge; start from the new values
  // when this form has nothing typed in it.
  const original = editFieldsOf(fridge);
  const originalKey = JSON.stringify(original);
  const [base, setBase] = useState(originalKey);
  useEffect(() => {
    if (originalKey === base) return;
    setFields((current) => (JSON.stringify(current) === base ? JSON.parse(originalKey) : current));
    setBase(originalKey);
  }, [originalKey, base]);

  const set = (key: keyof FridgeEditFields, value: string) => {
    setSaved(null);
    setFields((current) => ({ ...current, [key]: value }));
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(checkFridgeEdit(fields, fridge), async (changes) => {
      if (changes === null) {
        setSaved('Nothing to save: nothing was changed.');
        return;
      }
      const updated = await context.api.updateFridge(fridge.id, changes);
      context.live.dispatch({ type: 'fridgeUpdated', fridge: updated });
      setSaved(`Saved at ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.`);
    });
  };

  return (
    <section class="panel" aria-labelledby="details-heading">
      <h2 id="details-heading">Name, address and levels</h2>
      <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="fridge-edit-form">
        <FormError message={submit.serverError} />
        <TextField
          id="edit-name"
          label="Name"
          value={fields.name}
          onValue={(value) => set('name', value)}
          error={errors.name}
          maxLength={LIMITS.nameLength}
          autoComplete="off"
          testId="edit-name"
        />
        <TextField
          id="edit-address"
          label="Address (optional)"
          value={fields.address}
          onValue={(value) => set('address', value)}
          error={errors.address}
          maxLength={LIMITS.addressLength}
          autoComplete="street-address"
          testId="edit-address"
        />
        <fieldset class="field-group" aria-describedby="levels-hint">
          <legend>Stock levels</legend>
          <p class="hint" id="levels-hint">
            Percentages of the shelves' capacity: they decide the words neighbours read (above the last one, “
            {levelWords('full')}”), and when a restock request opens.
          </p>
          <div class="field-row">
            {LEVEL_FIELDS.map((key) => (
              <Field
                key={key}
                id={`edit-${key}`}
                label={LEVEL_LABELS[key]}
                error={errors[key] ?? errors.levels}
              >
                {(described) => (
                  <input
                    {...described}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    value={fields[key]}
                    onInput={(event) => set(key, event.currentTarget.value)}
                    data-testid={`edit-${key}`}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <div class="actions">
          <SubmitButton busy={submit.busy} label="Save changes" testId="save-fridge-edit" />
          <StatusMessage message={saved} testId="fridge-edit-status" />
        </div>
      </form>
    </section>
  );
}

function RemovePanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const navigate = useNavigate();
  const sensors = fridge.devices.length;
  return (
    <section class="panel panel-danger" aria-labelledby="remove-heading">
      <h2 id="remove-heading">Remove this {fridge.kind}</h2>
      <p>
        It disappears from the public list, its sensors are revoked, and an open restock request is cancelled.
      </p>
      <div>
        <ConfirmButton
          label={`Remove ${fridge.name}…`}
          question={`Remove ${fridge.name} for good?`}
          detail={
            sensors === 0
              ? 'This cannot be undone.'
              : `Its ${sensors === 1 ? 'sensor is' : `${sensors} sensors are`} revoked at once. This cannot be undone.`
          }
          confirmLabel={`Yes, remove ${fridge.name}`}
          onConfirm={async () => {
            await context.api.deleteFridge(fridge.id);
            context.live.dispatch({ type: 'fridgeRemoved', id: fridge.id });
            context.flash(`Removed ${fridge.name}.`);
            navigate(organiseHref());
          }}
          testId="remove-fridge"
        />
      </div>
    </section>
  );
}
