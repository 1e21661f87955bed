import { useRef, useState } from 'preact/hooks';
import type { FridgeKind } from '../../../contract/api';
import { kindWords } from '../format';
import { useNavigate } from '../navigation';
import { organiseHref } from '../routes';
import { Field, FormError, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import {
  checkNewFridge,
  emptyFridgeFields,
  LIMITS,
  type NewFridgeFields,
  newShelf,
  type ShelfFields,
  slugFrom,
} from './fridge-form';
import type { OrganiserContext } from './organiser-context';

/** Every kind, with what it means for the readings; typed by the contract so none is missed. */
const KIND_HINTS: Record<FridgeKind, string> = {
  fridge: 'chilled; flagged “Warm” above 5 °C',
  pantry: 'shelves at room temperature',
};
const KINDS = Object.keys(KIND_HINTS) as FridgeKind[];

/** The "add a fridge" form: id, name, kind, address and shelves, checked field by field. */
export function AddFridgeScreen({ context }: { context: OrganiserContext }) {
  const navigate = useNavigate();
  const [fields, setFields] = useState<NewFridgeFields>(emptyFridgeFields);
  /** The id follows the name until the organiser types one. */
  const [idTouched, setIdTouched] = useState(false);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const { errors } = submit;

  const set = <K extends keyof NewFridgeFields>(key: K, value: NewFridgeFields[K]) =>
    setFields((current) => {
      const next = { ...current, [key]: value };
      if (key === 'name' && !idTouched) next.id = slugFrom(String(value));
      return next;
    });
  const setShelf = (index: number, change: Partial<ShelfFields>) =>
    set(
      'shelves',
      fields.shelves.map((shelf, i) => (i === index ? { ...shelf, ...change } : shelf)),
    );

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(checkNewFridge(fields), async (body) => {
      const fridge = await context.api.createFridge(body);
      context.live.dispatch({ type: 'fridgeUpdated', fridge });
      context.flash(`Added ${fridge.name}. Register its sensors below.`);
      navigate(organiseHref({ name: 'fridge', fridgeId: fridge.id }));
    });
  };

  return (
    <>
      <nav class="back" aria-label="Back">
        <a href={organiseHref()}>← Fridges</a>
      </nav>
      <h1 tabIndex={-1}>Add a fridge</h1>
      <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="fridge-form">
        <FormError message={submit.serverError} />
        <div class="panel">
          <TextField
            id="name"
            label="Name"
            hint="As neighbours know it, e.g. “Elm St fridge”."
            value={fields.name}
            onValue={(value) => set('name', value)}
            error={errors.name}
            maxLength={LIMITS.nameLength}
            autoComplete="off"
            testId="fridge-name"
          />
          <TextField
            id="id"
            label="Id"
            hint="Used in its web address and sensor topics; it cannot change later. Lower-case letters, digits and dashes."
            value={fields.id}
            onValue={(value) => {
              setIdTouched(true);
              set('id', value);
            }}
            error={errors.id}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            testId="fridge-id"
          />
          <fieldset class="choices">
            <legend>Kind</legend>
            {KINDS.map((kind) => (
              <label key={kind} class="choice">
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={fields.kind === kind}
                  onChange={() => set('kind', kind)}
                  data-testid={`kind-${kind}`}
                />{' '}
                {kindWords(kind)}
                <span class="muted"> — {KIND_HINTS[kind]}</span>
              </label>
            ))}
          </fieldset>
          <TextField
            id="address"
            label="Address (optional)"
            hint="Shown to the public, so people can find it."
            value={fields.address}
            onValue={(value) => set('address', value)}
            error={errors.address}
            maxLength={LIMITS.addressLength}
            autoComplete="street-address"
            testId="fridge-address"
          />
        </div>

        <fieldset class="panel shelves" aria-describedby="shelves-hint">
          <legend>Shelves with scales</legend>
          <p class="hint" id="shelves-hint">
            One row per load cell. Tare: what the empty shelf weighs on its scale. Capacity: the food it holds
            when full; together they make the stock percentage.
          </p>
          {errors.shelves !== undefined && <p class="field-error">{errors.shelves}</p>}
          {fields.shelves.length === 0 && (
            <p class="muted">No shelves: the fridge reports temperature and door only.</p>
          )}
          <ol class="shelf-rows">
            {fields.shelves.map((shelf, index) => (
              <ShelfRow
                key={shelf.key}
                index={index}
                shelf={shelf}
                errors={errors}
                onChange={(change) => setShelf(index, change)}
                onRemove={() =>
                  set(
                    'shelves',
                    fields.shelves.filter((_, i) => i !== index),
                  )
                }
              />
            ))}
          </ol>
          {fields.shelves.length < LIMITS.shelves && (
            <button
              type="button"
              class="button"
              onClick={() => set('shelves', [...fields.shelves, newShelf(fields.shelves)])}
              data-testid="add-shelf"
            >
              Add a shelf
            </button>
          )}
        </fieldset>

        <div class="actions">
          <SubmitButton busy={submit.busy} label="Add fridge" busyLabel="Adding…" testId="save-fridge" />
          <a href={organiseHref()}>Cancel</a>
        </div>
      </form>
    </>
  );
}

interface ShelfRowProps {
  index: number;
  shelf: ShelfFields;
  errors: Readonly<Record<string, string>>;
  onChange: (change: Partial<ShelfFields>) => void;
  onRemove: () => void;
}

function ShelfRow({ index, shelf, errors, onChange, onRemove }: ShelfRowProps) {
  const at = `shelves.${index}`;
  const number = index + 1;
  return (
    <li class="shelf-row" data-testid={`shelf-row-${index}`}>
      <fieldset>
        <legend>Shelf {number}</legend>
        <div class="field-row">
          <TextField
            id={`${at}.id`}
            label="Id"
            value={shelf.id}
            onValue={(id) => onChange({ id })}
            error={errors[`${at}.id`]}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            testId={`shelf-${index}-id`}
          />
          <Field id={`${at}.tareKg`} label="Tare (kg)" error={errors[`${at}.tareKg`]}>
            {(described) => (
              <input
                {...described}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={shelf.tareKg}
                onInput={(event) => onChange({ tareKg: event.currentTarget.value })}
                data-testid={`shelf-${index}-tare`}
              />
            )}
          </Field>
          <Field id={`${at}.capacityKg`} label="Capacity (kg)" error={errors[`${at}.capacityKg`]}>
            {(described) => (
              <input
                {...described}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={shelf.capacityKg}
                onInput={(event) => onChange({ capacityKg: event.currentTarget.value })}
                data-testid={`shelf-${index}-capacity`}
              />
            )}
          </Field>
        </div>
        <button
          type="button"
          class="button button-small"
          onClick={onRemove}
          data-testid={`remove-shelf-${index}`}
        >
          Remove shelf {number}
        </button>
      </fieldset>
    </li>
  );
}
