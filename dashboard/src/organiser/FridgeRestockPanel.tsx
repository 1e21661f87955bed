import { useRef, useState } from 'preact/hooks';
import type { FridgeStatus } from '../../../contract/api';
import { Ago } from '../components/Readings';
import { RestockStatus } from '../components/RestockStatus';
import { errorText } from '../error-text';
import { levelWords } from '../format';
import { minutesWords, requestStatusWords } from '../restock-format';
import { organiseHref } from '../routes';
import { Field, FormError, StatusMessage, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import { LoadState, useLoad } from './loading';
import type { RestockSettings } from './organiser-api';
import type { OrganiserContext } from './organiser-context';
import {
  checkRestockSettings,
  historyFigures,
  kgAddedWords,
  type RestockSettingsFields,
  settingsFieldsOf,
  volunteerOf,
} from './restock-admin';

const HISTORY_DAYS = 90;

/** Restocking of one fridge: the request now, the settings, and how past requests went. */
export function FridgeRestockPanel({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const active = context.restockByFridge[fridge.id];
  const [raising, setRaising] = useState<{ busy: boolean; failure: string | null }>({
    busy: false,
    failure: null,
  });
  const raise = async () => {
    setRaising({ busy: true, failure: null });
    try {
      await context.api.raiseRequest(fridge.id);
      setRaising({ busy: false, failure: null });
    } catch (error) {
      setRaising({ busy: false, failure: errorText(error) });
    }
  };

  return (
    <section class="panel" aria-labelledby="restock-heading">
      <h2 id="restock-heading">Restocking</h2>
      {active !== undefined ? (
        <div class="restock-line">
          <RestockStatus request={active} />
          <a href={organiseHref({ name: 'restock' })}>Claim, release or cancel it</a>
        </div>
      ) : (
        <div>
          <p>No restock request is open for this {fridge.kind}.</p>
          <button
            type="button"
            class="button"
            disabled={raising.busy}
            onClick={() => void raise()}
            data-testid="raise-request"
          >
            {raising.busy ? 'Asking…' : 'Ask volunteers for food now'}
          </button>
          {raising.failure !== null && (
            <p class="field-error" role="alert">
              {raising.failure}
            </p>
          )}
        </div>
      )}
      <SettingsForm context={context} fridge={fridge} />
      <History context={context} fridge={fridge} />
    </section>
  );
}

function SettingsForm({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const { loaded } = useLoad(() => context.api.restockSettings(fridge.id), fridge.id);
  return (
    <div class="subsection">
      <h3>Settings</h3>
      <LoadState loaded={loaded} what="the restock settings" />
      {loaded.status === 'ok' && <SettingsFields context={context} fridge={fridge} settings={loaded.value} />}
    </div>
  );
}

function SettingsFields({
  context,
  fridge,
  settings,
}: {
  context: OrganiserContext;
  fridge: FridgeStatus;
  settings: RestockSettings;
}) {
  const [fields, setFields] = useState<RestockSettingsFields>(() => settingsFieldsOf(settings));
  const [saved, setSaved] = useState<string | null>(null);
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const { errors } = submit;
  const set = <K extends keyof RestockSettingsFields>(key: K, value: RestockSettingsFields[K]) => {
    setSaved(null);
    setFields((current) => ({ ...current, [key]: value }));
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(checkRestockSettings(fields), async (body) => {
      const next = await context.api.saveRestockSettings(fridge.id, body);
      setFields(settingsFieldsOf(next));
      setSaved('Restock settings saved.');
    });
  };
  return (
    <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="restock-settings-form">
      <FormError message={submit.serverError} />
      <fieldset class="choices">
        <legend>Ask for food when the stock stays at</legend>
        {(['few', 'empty'] as const).map((level) => (
          <label key={level} class="choice">
            <input
              type="radio"
              name="raiseAtLevel"
              checked={fields.raiseAtLevel === level}
              onChange={() => set('raiseAtLevel', level)}
              data-testid={`raise-at-${level}`}
            />{' '}
            “{levelWords(level)}”{level === 'few' ? ' or less' : ''}
          </label>
        ))}
      </fieldset>
      <TextField
        id="area"
        label="Area (optional)"
        hint="Fridges with the same area share their volunteers when a request goes unclaimed. Empty: the whole site."
        value={fields.area}
        onValue={(value) => set('area', value)}
        error={errors.area}
        maxLength={80}
        testId="restock-area"
      />
      <fieldset class="field-group" aria-describedby="active-hours-hint">
        <legend>Active hours (optional)</legend>
        <p class="hint" id="active-hours-hint">
          When a forecast of “empty” may open a request, in the site's local time. Leave both empty for any
          time.
        </p>
        <div class="field-row">
          <Field id="activeFrom" label="From" error={errors.activeFrom}>
            {(described) => (
              <input
                {...described}
                type="time"
                value={fields.activeFrom}
                onInput={(event) => set('activeFrom', event.currentTarget.value)}
              />
            )}
          </Field>
          <Field id="activeTo" label="To" error={errors.activeTo}>
            {(described) => (
              <input
                {...described}
                type="time"
                value={fields.activeTo}
                onInput={(event) => set('activeTo', event.currentTarget.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <label class="choice">
        <input
          type="checkbox"
          checked={fields.forecastTrigger}
          onChange={(event) => set('forecastTrigger', event.currentTarget.checked)}
        />{' '}
        Also ask when the forecast says it will be empty within 3 hours
      </label>
      <div class="actions">
        <SubmitButton busy={submit.busy} label="Save restock settings" testId="save-restock-settings" />
        <StatusMessage message={saved} testId="restock-settings-status" />
      </div>
    </form>
  );
}

function History({ context, fridge }: { context: OrganiserContext; fridge: FridgeStatus }) {
  const active = context.restockByFridge[fridge.id];
  // Reloaded whenever the active request changes, so a just-closed request shows up in the figures.
  const key = `${fridge.id}:${active?.id ?? ''}:${active?.status ?? ''}`;
  const { loaded } = useLoad(() => context.api.restockHistory(fridge.id, HISTORY_DAYS), key);
  return (
    <div class="subsection" data-testid="restock-history">
      <h3>Last {HISTORY_DAYS} days</h3>
      <LoadState loaded={loaded} what="the restock history" />
      {loaded.status === 'ok' && (
        <>
          <dl class="facts figures">
            {historyFigures(loaded.value.summary).map((figure) => (
              <div key={figure.label}>
                <dt>{figure.label}</dt>
                <dd>{figure.value}</dd>
              </div>
            ))}
          </dl>
          {loaded.value.requests.length > 0 && (
            <div class="table-wrap">
              <table class="table">
                <caption class="visually-hidden">Restock requests of {fridge.name}, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Asked</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Time to claim</th>
                    <th scope="col">Time to restock</th>
                    <th scope="col">Food added</th>
                    <th scope="col">Volunteer</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.value.requests.map((request) => (
                    <tr key={request.id}>
                      <td>
                        <Ago at={request.openedAt} />
                      </td>
                      <td>{requestStatusWords(request.status)}</td>
                      <td>{minutesWords(request.minutesToClaim, '—')}</td>
                      <td>{minutesWords(request.minutesToFulfil, '—')}</td>
                      <td>{kgAddedWords(request)}</td>
                      <td>{volunteerOf(request) ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p>
            <a href={`${organiseHref({ name: 'notices' })}?fridge=${encodeURIComponent(fridge.id)}`}>
              Notices sent about this {fridge.kind}
            </a>
          </p>
        </>
      )}
    </div>
  );
}
