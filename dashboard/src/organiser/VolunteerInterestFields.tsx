import { Field } from './form-controls';
import type { VolunteerSectionProps } from './VolunteerWhoFields';
import { NOTICE_CATEGORIES } from './volunteer-form';

/** The fridges they look after: they hear first about these. */
export function VolunteerFridgesPanel({
  fields,
  set,
  errors,
  fridges,
}: VolunteerSectionProps & { fridges: ReadonlyArray<{ id: string; name: string }> }) {
  return (
    <fieldset class="panel" aria-describedby="fridges-hint">
      <legend>Fridges they look after</legend>
      <p class="hint" id="fridges-hint">
        They hear first about these. Areas are set per fridge (restock settings): when a request goes
        unclaimed, volunteers of every fridge in the same area hear it next.
      </p>
      {errors.fridgeIds !== undefined && <p class="field-error">{errors.fridgeIds}</p>}
      {fridges.length === 0 ? (
        <p class="muted">No fridges yet.</p>
      ) : (
        <div class="checkbox-list">
          {fridges.map((fridge) => (
            <label key={fridge.id} class="choice">
              <input
                type="checkbox"
                checked={fields.fridgeIds.includes(fridge.id)}
                onChange={(event) =>
                  set(
                    'fridgeIds',
                    event.currentTarget.checked
                      ? [...fields.fridgeIds, fridge.id]
                      : fields.fridgeIds.filter((id) => id !== fridge.id),
                  )
                }
                data-testid={`volunteer-fridge-${fridge.id}`}
              />{' '}
              {fridge.name}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** Which notices they get, and their quiet hours. */
export function VolunteerNoticesPanel({ fields, set, errors }: VolunteerSectionProps) {
  return (
    <fieldset class="panel">
      <legend>Notices</legend>
      <div class="checkbox-list">
        {NOTICE_CATEGORIES.map((category) => (
          <label key={category.value} class="choice">
            <input
              type="checkbox"
              checked={fields.notices[category.value]}
              onChange={(event) =>
                set('notices', { ...fields.notices, [category.value]: event.currentTarget.checked })
              }
            />{' '}
            {category.label} <span class="muted">— {category.hint}</span>
          </label>
        ))}
      </div>
      <fieldset class="field-group" aria-describedby="quiet-hint">
        <legend>Quiet hours (optional)</legend>
        <p class="hint" id="quiet-hint">
          Notices wait until these end, except food-safety alerts. Site's local time; may run past midnight.
        </p>
        <div class="field-row">
          <Field id="quietFrom" label="From" error={errors.quietFrom}>
            {(described) => (
              <input
                {...described}
                type="time"
                value={fields.quietFrom}
                onInput={(event) => set('quietFrom', event.currentTarget.value)}
              />
            )}
          </Field>
          <Field id="quietTo" label="To" error={errors.quietTo}>
            {(described) => (
              <input
                {...described}
                type="time"
                value={fields.quietTo}
                onInput={(event) => set('quietTo', event.currentTarget.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
    </fieldset>
  );
}
