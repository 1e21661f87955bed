import { useRef, useState } from 'preact/hooks';
import type { FridgeStatus, ShelfStatus } from '../../../contract/api';
import { Ago } from '../components/Readings';
import { formatKg, formatPercent, levelWords } from '../format';
import { checkCapacity, markFullBlocker, readingWords, tareBlocker } from './calibration';
import { ConfirmButton, FormError, StatusMessage, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import type { OrganiserContext } from './organiser-context';

/**
 * Calibrating the shelves without curl: each shelf's live reading (from the page's live feed), and
 * "Tare now", "Mark full" and its capacity. With a known weight: empty the shelf and tare it, put
 * the weight on, and the food should read that weight (docs/estimation.md, "Calibration").
 */
export function ShelfCalibrationPanel({
  context,
  fridge,
}: {
  context: OrganiserContext;
  fridge: FridgeStatus;
}) {
  return (
    <section class="panel" aria-labelledby="calibration-heading">
      <h2 id="calibration-heading">Shelves and calibration</h2>
      <p class="hint" id="calibration-hint">
        Empty a shelf and press “Tare now”. Put a known weight on it (a 5 kg bag of rice): the food should
        read that weight. When the shelf is as full as it gets, press “Mark full”, or type its capacity.
      </p>
      <ul class="items" data-testid="shelf-calibration">
        {fridge.stock.level !== null && (
          <li class="muted" data-testid="calibration-level">
            The fridge shows “{levelWords(fridge.stock.level)}” ({formatPercent(fridge.stock.percent)} of{' '}
            {formatKg(fridge.stock.capacityKg)}).
          </li>
        )}
        {fridge.shelves.map((shelf) => (
          <ShelfCalibration key={shelf.id} context={context} fridge={fridge} shelf={shelf} />
        ))}
      </ul>
    </section>
  );
}

function ShelfCalibration({
  context,
  fridge,
  shelf,
}: {
  context: OrganiserContext;
  fridge: FridgeStatus;
  shelf: ShelfStatus;
}) {
  const [capacity, setCapacity] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const show = (updated: FridgeStatus, words: (after: ShelfStatus) => string) => {
    context.live.dispatch({ type: 'fridgeUpdated', fridge: updated });
    const after = updated.shelves.find((s) => s.id === shelf.id);
    setDone(after ? words(after) : null);
  };
  const onCapacity = (event: Event) => {
    event.preventDefault();
    setDone(null);
    void run(checkCapacity(capacity), async (capacityKg) => {
      show(await context.api.setShelfCapacity(fridge.id, shelf.id, capacityKg), (after) => {
        return `Capacity set: ${formatKg(after.capacityKg)}.`;
      });
      setCapacity('');
    });
  };
  const tareProblem = tareBlocker(shelf);
  const fullProblem = markFullBlocker(shelf);
  const id = shelf.id;

  return (
    <li class="item" data-testid={`calibrate-${id}`}>
      <h3>
        Shelf <code>{id}</code>
      </h3>
      <p data-testid={`shelf-reading-${id}`}>
        {readingWords(shelf)}
        {shelf.asOf !== null && (
          <span class="muted">
            {' '}
            · <Ago at={shelf.asOf} />
          </span>
        )}
      </p>
      <p class="muted" data-testid={`shelf-capacity-${id}`}>
        Holds {formatKg(shelf.capacityKg)} when full · now {formatPercent(shelf.percent)}
      </p>
      <div class="actions">
        {tareProblem === null ? (
          <ConfirmButton
            label="Tare now…"
            question={`Is shelf ${id} empty now?`}
            detail={`Its reading (${formatKg(shelf.grossKg)}) becomes its tare: what it weighs with no food.`}
            confirmLabel={`Yes, shelf ${id} is empty`}
            cancelLabel="Not yet"
            danger={false}
            onConfirm={async () => {
              show(
                await context.api.tareShelf(fridge.id, id),
                (after) => `Tared: ${formatKg(after.tareKg)} is empty.`,
              );
            }}
            testId={`tare-${id}`}
          />
        ) : (
          <button type="button" class="button" disabled title={tareProblem} data-testid={`tare-${id}`}>
            Tare now…
          </button>
        )}
        {fullProblem === null ? (
          <ConfirmButton
            label="Mark full…"
            question={`Is shelf ${id} full now?`}
            detail="The food on it now becomes its capacity, so this reads “full”."
            confirmLabel={`Yes, shelf ${id} is full`}
            cancelLabel="Not yet"
            danger={false}
            onConfirm={async () => {
              show(await context.api.markShelfFull(fridge.id, id), (after) => {
                return `Marked full: it holds ${formatKg(after.capacityKg)}.`;
              });
            }}
            testId={`mark-full-${id}`}
          />
        ) : (
          <button type="button" class="button" disabled title={fullProblem} data-testid={`mark-full-${id}`}>
            Mark full…
          </button>
        )}
      </div>
      {(tareProblem ?? fullProblem) !== null && (
        <p class="hint" data-testid={`calibration-blocked-${id}`}>
          {tareProblem ?? fullProblem}
        </p>
      )}
      <form
        class="form form-inline"
        ref={form}
        onSubmit={onCapacity}
        noValidate
        data-testid={`capacity-form-${id}`}
      >
        <FormError message={submit.serverError} testId={`capacity-error-${id}`} />
        <TextField
          id={`capacity-${id}`}
          label="Capacity (kg of food when full)"
          value={capacity}
          onValue={(value) => {
            setDone(null);
            setCapacity(value);
          }}
          error={submit.errors.capacityKg}
          inputMode="decimal"
          autoComplete="off"
          testId={`capacity-${id}`}
        />
        <div class="actions">
          <SubmitButton
            busy={submit.busy}
            label="Set capacity"
            testId={`save-capacity-${id}`}
            primary={false}
          />
        </div>
      </form>
      <StatusMessage message={done} testId={`calibration-done-${id}`} />
    </li>
  );
}
