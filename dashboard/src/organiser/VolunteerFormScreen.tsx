import { useRef, useState } from 'preact/hooks';
import type { VolunteerView } from '../../../contract/restock';
import { sortedFridges } from '../dashboard-state';
import { useNavigate } from '../navigation';
import { organiseHref } from '../routes';
import { FormError, SubmitButton } from './form-controls';
import { useFocusFirstError, useSubmit } from './form-hooks';
import { LoadState, useLoad } from './loading';
import type { OrganiserContext } from './organiser-context';
import { VolunteerFridgesPanel, VolunteerNoticesPanel } from './VolunteerInterestFields';
import { VolunteerChannelsPanel, VolunteerWhoPanel } from './VolunteerWhoFields';
import {
  checkNewVolunteer,
  checkVolunteerEdit,
  emptyVolunteerFields,
  fieldsOfVolunteer,
  type VolunteerFields,
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

  return (
    <form class="form" ref={form} onSubmit={onSubmit} noValidate data-testid="volunteer-form">
      <FormError message={submit.serverError} />
      {original?.unsubscribed === true && (
        <p class="warning">
          {original.name} unsubscribed through their link: nothing reaches them until they subscribe again
          themselves.
        </p>
      )}
      <VolunteerWhoPanel fields={fields} set={set} errors={errors} isNew={original === null} />
      <VolunteerChannelsPanel fields={fields} set={set} errors={errors} original={original} />
      <VolunteerFridgesPanel fields={fields} set={set} errors={errors} fridges={fridges} />
      <VolunteerNoticesPanel fields={fields} set={set} errors={errors} />

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
