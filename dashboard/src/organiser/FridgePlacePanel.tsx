import { useRef, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { FormError, StatusMessage, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import type { OrganiserContext } from './organiser-context';
import { PlaceMapPicker } from './PlaceMapPicker';
import { checkPlace, type PlaceFields, placeFieldsOf } from './place-form';

/** Where the fridge stands (typed, or picked on a map) and when neighbours can reach it. */
export function FridgePlacePanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const [fields, setFields] = useState<PlaceFields>(() => placeFieldsOf(fridge));
  const [saved, setSaved] = useState<string | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const { errors } = submit;
  const set = (key: keyof PlaceFields, value: string) => {
    setSaved(null);
    setFields((current) => ({ ...current, [key]: value }));
  };
  const nearby = Object.values(context.live.state.fridges).flatMap((other) =>
    other.id !== fridge.id && other.location !== null ? [other.location] : [],
  );
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(checkPlace(fields, fridge), async (changes) => {
      if (changes === null) {
        setSaved('Nothing to save: nothing was changed.');
        return;
      }
      const updated = await context.api.updateFridge(fridge.id, changes);
      context.live.dispatch({ type: 'fridgeUpdated', fridge: updated });
      setFields(placeFieldsOf(updated));
      setSaved('Saved.');
    });
  };
  return (
    <section class="panel" aria-labelledby="place-heading">
      <h2 id="place-heading">Place and opening hours</h2>
      <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="fridge-place-form">
        <FormError message={submit.serverError} />
        <div class="field-row">
          <TextField
            id="place-lat"
            label="Latitude (optional)"
            hint="Decimal degrees, north positive"
            value={fields.lat}
            onValue={(value) => set('lat', value)}
            error={errors['location.lat']}
            inputMode="decimal"
            autoComplete="off"
            testId="place-lat"
          />
          <TextField
            id="place-lon"
            label="Longitude (optional)"
            hint="Decimal degrees, east positive"
            value={fields.lon}
            onValue={(value) => set('lon', value)}
            error={errors['location.lon']}
            inputMode="decimal"
            autoComplete="off"
            testId="place-lon"
          />
        </div>
        <PlaceMapPicker
          fridgeName={fridge.name}
          fields={fields}
          nearby={nearby}
          onPick={(point) => {
            setSaved(null);
            setFields((current) => ({ ...current, lat: String(point.lat), lon: String(point.lon) }));
          }}
        />
        <TextField
          id="place-hours"
          label="Opening hours (optional)"
          hint={`Site time, e.g. "Mo-Fr 08:00-20:00; Sa 10:00-14:00" or "24/7"; empty when unknown`}
          value={fields.hours}
          onValue={(value) => set('hours', value)}
          error={errors.openingHours}
          autoComplete="off"
          testId="place-hours"
        />
        <div class="actions">
          <SubmitButton busy={submit.busy} label="Save place and hours" testId="save-place" />
          <StatusMessage message={saved} testId="place-status" />
        </div>
      </form>
    </section>
  );
}
