import { useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { NEED_CATEGORIES, NEEDS_LIMITS, type NeedCategory } from '../../../contract/publicSite';
import { FormError, StatusMessage, SubmitButton, TextField } from './form-controls';
import { useSubmit } from './form-hooks';
import type { OrganiserContext } from './organiser-context';

/** English labels of the organiser screen; the public pages' languages live with the UI's strings. */
const NEED_LABELS: Record<NeedCategory, string> = {
  produce: 'Fruit and vegetables',
  dairy: 'Dairy',
  bread: 'Bread',
  cookedMeals: 'Cooked meals',
  dryGoods: 'Dry goods',
  drinks: 'Drinks',
  hygiene: 'Hygiene products',
  babyFood: 'Baby food',
};

/** What the fridge asks neighbours to bring; shown on its public page and status screen. */
export function FridgeNeedsPanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const [chosen, setChosen] = useState<ReadonlySet<NeedCategory>>(() => new Set(fridge.needs.categories));
  const [note, setNote] = useState(fridge.needs.note ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const { submit, run } = useSubmit();
  const toggle = (category: NeedCategory, on: boolean) => {
    setSaved(null);
    const next = new Set(chosen);
    if (on) next.add(category);
    else next.delete(category);
    setChosen(next);
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const value = { categories: NEED_CATEGORIES.filter((c) => chosen.has(c)), note: note.trim() || null };
    void run({ ok: true, value }, async (needs) => {
      const updated = await context.api.setNeeds(fridge.id, needs);
      context.live.dispatch({ type: 'fridgeUpdated', fridge: updated });
      setSaved('Saved.');
    });
  };
  return (
    <section class="panel" aria-labelledby="needs-heading">
      <h2 id="needs-heading">What it needs</h2>
      <form class="form" onSubmit={onSubmit} noValidate data-testid="fridge-needs-form">
        <FormError message={submit.serverError} />
        <fieldset class="field-group">
          <legend>Ask neighbours to bring</legend>
          <div class="checkbox-list">
            {NEED_CATEGORIES.map((category) => (
              <label key={category} class="choice">
                <input
                  type="checkbox"
                  checked={chosen.has(category)}
                  onChange={(event) => toggle(category, event.currentTarget.checked)}
                  data-testid={`need-${category}`}
                />{' '}
                {NEED_LABELS[category]}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          id="needs-note"
          label="Note (optional)"
          value={note}
          onValue={(value) => {
            setSaved(null);
            setNote(value);
          }}
          error={submit.errors.note}
          maxLength={NEEDS_LIMITS.noteLength}
          autoComplete="off"
          testId="needs-note"
        />
        <div class="actions">
          <SubmitButton busy={submit.busy} label="Save needs" testId="save-needs" />
          <StatusMessage message={saved} testId="needs-status" />
        </div>
      </form>
    </section>
  );
}
