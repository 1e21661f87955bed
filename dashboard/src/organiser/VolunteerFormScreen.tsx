import { useRef, useState } from 'preact/hooks';
import type { VolunteerView } from '../../../contract/restock';
import { LANGUAGES, languageName } from '../../i18n/languages';
import { sortedFridges } from '../dashboard-state';
import { useNavigate } from '../navigation';
import { organiseHref } from '../routes';
import { Field, FormError, SubmitButton, TextField } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import { LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';
import {
  checkNewVolunteer,
  checkVolunteerEdit,
  emptyVolunteerFields,
  extraChannelCount,
  fieldsOfVolunteer,
  NOTICE_CATEGORIES,
  type VolunteerFields,
  WEBHOOK_FORMATS,
} from './volunteer-form';

/** Adding (volunteerId null) or editing one volunteer. */
export function VolunteerFormScreen({
  context,
  volunteerId,
}: {
  context: OrganiserContext;
  volunteerId: string | null;
}) {
  const { loaded } = useLoad(
    () => (volunteerId === null ? Promise.resolve(null) : context.api.volunteer(volunteerId)),
    volunteerId ?? '',
  );
  const title =
    volunteerId === null
      ? 'Add a volunteer'
      : loaded.status === 'ok' && loaded.value !== null
        ? `Edit ${loaded.value.name}`
        : 'Edit a volunteer';
  return (
    <>
      <nav class="back" aria-label="Back">
        <a href={organiseHref({ name: 'volunteers' })}>← Volunteers</a>
      </nav>
      <h1 tabIndex={-1}>{title}</h1>
      <LoadState loaded={loaded} what="the volunteer" />
      {loaded.status === 'ok' && (
        <VolunteerForm key={volunteerId ?? ''} context={context} original={loaded.value} />
      )}
    </>
  );
}

function VolunteerForm({ context, original }: { context: OrganiserContext; original: VolunteerView | null }) {
  const navigate = useNavigate();
  const [fields, setFields] = useState<VolunteerFields>(() =>
    original === null ? emptyVolunteerFields() : fieldsOfVolunteer(original),
  );
  const { submit, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, submit.errors, submit.attempt);
  const { errors } = submit;
  const fridges = sortedFridges(context.live.state.fridges);
  const set = <K extends keyof VolunteerFields>(key: K, value: VolunteerFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));
  const done = (message: string) => {
    context.flash(message);
    navigate(organiseHref({ name: 'volunteers' }));
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (original === null) {
      void run(checkNewVolunteer(fields), async (body) => {
        const created = await context.api.createVolunteer(body);
        done(`Added ${created.name}. Send them a test notice to check it reaches them.`);
      });
    } else {
      void run(checkVolunteerEdit(fields, original), async (changes) => {
        if (changes === null) return done('Nothing was changed.');
        const saved = await context.api.updateVolunteer(original.id, changes);
        done(`Saved ${saved.name}.`);
      });
    }
  };
  const extraChannels = original === null ? 0 : extraChannelCount(original.channels);

  return (
    <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="volunteer-form">
      <FormError message={submit.serverError} />
      {original?.unsubscribed === true && (
        <p class="warning">
          {original.name} unsubscribed through their link: nothing reaches them until they subscribe again
          themselves.
        </p>
      )}
      <div class="panel">
        <TextField
          id="name"
          label="Name"
          hint="Shown to organisers, and in notices to them."
          value={fields.name}
          onValue={(value) => set('name', value)}
          error={errors.name}
          autoComplete="off"
          testId="volunteer-name"
        />
        {original === null && (
          <TextField
            id="id"
            label="Id (optional)"
            hint="Lower-case letters, digits and dashes, at most 40. Leave it empty and the server makes one up."
            value={fields.id}
            onValue={(value) => set('id', value)}
            error={errors.id}
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            testId="volunteer-id"
          />
        )}
        <fieldset class="choices">
          <legend>Role</legend>
          <label class="choice">
            <input
              type="radio"
              name="role"
              checked={fields.role === 'volunteer'}
              onChange={() => set('role', 'volunteer')}
            />{' '}
            Volunteer
          </label>
          <label class="choice">
            <input
              type="radio"
              name="role"
              checked={fields.role === 'organiser'}
              onChange={() => set('role', 'organiser')}
            />{' '}
            Organiser <span class="muted">— also hears requests nobody else claimed</span>
          </label>
        </fieldset>
        <Field
          id="language"
          label="Language"
          hint="Of their notices and the pages behind their links; they can change it on their preferences page."
          error={errors.language}
        >
          {(described) => (
            <select
              {...described}
              value={fields.language}
              onChange={(event) => set('language', event.currentTarget.value)}
              data-testid="volunteer-language"
            >
              {LANGUAGES.map((code) => (
                <option key={code} value={code} lang={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <fieldset class="panel" aria-describedby="channels-hint">
        <legend>How to reach them</legend>
        <p class="hint" id="channels-hint">
          An e-mail address, a chat webhook, or both. Without either, notices cannot reach them.
        </p>
        <TextField
          id="email"
          type="email"
          label="E-mail (optional)"
          value={fields.email}
          onValue={(value) => set('email', value)}
          error={errors.email}
          autoComplete="off"
          testId="volunteer-email"
        />
        <TextField
          id="webhookUrl"
          type="url"
          label="Webhook address (optional)"
          hint="The incoming-webhook URL of a Slack, Discord or Matrix room, or any service taking JSON."
          value={fields.webhookUrl}
          onValue={(value) => set('webhookUrl', value)}
          error={errors.webhookUrl}
          autoComplete="off"
          testId="volunteer-webhook"
        />
        <Field id="webhookFormat" label="Webhook format">
          {(described) => (
            <select
              {...described}
              value={fields.webhookFormat}
              onChange={(event) =>
                set('webhookFormat', event.currentTarget.value as VolunteerFields['webhookFormat'])
              }
            >
              {WEBHOOK_FORMATS.map((format) => (
                <option key={format.value} value={format.value}>
                  {format.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {extraChannels > 0 && (
          <p class="muted">
            {extraChannels === 1 ? 'One more channel' : `${extraChannels} more channels`} added through the
            API
            {extraChannels === 1 ? ' is' : ' are'} kept as they are.
          </p>
        )}
      </fieldset>

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

      <div class="actions">
        <SubmitButton
          busy={submit.busy}
          label={original === null ? 'Add volunteer' : 'Save changes'}
          testId="save-volunteer"
        />
        <a href={organiseHref({ name: 'volunteers' })}>Cancel</a>
      </div>
    </form>
  );
}
