import { OnlineStatus, SimulatedBadge } from '../components/Readings';
import { RestockStatus } from '../components/RestockStatus';
import { sortedFridges } from '../dashboard-state';
import { kindWords, levelWords } from '../format';
import { organiseHref } from '../routes';
import type { OrganiserContext } from './organiser-context';

/** Every fridge with what an organiser checks at a glance, and the way to add one. */
export function FridgesScreen({ context }: { context: OrganiserContext }) {
  const { state } = context.live;
  const fridges = sortedFridges(state.fridges);
  return (
    <>
      <header class="detail-head">
        <h1 tabIndex={-1}>Fridges</h1>
        <p class="summary">
          Add fridges and pantries, register their sensors, set their levels and restocking.
        </p>
      </header>
      <p>
        <a
          class="button button-primary"
          href={organiseHref({ name: 'addFridge' })}
          data-testid="add-fridge-link"
        >
          Add a fridge
        </a>
      </p>
      {!state.loaded && <p class="placeholder">Loading the fridges…</p>}
      {state.loaded && fridges.length === 0 && (
        <p class="placeholder" data-testid="organise-no-fridges">
          No fridges yet: add the first one.
        </p>
      )}
      {fridges.length > 0 && (
        <ul class="items" data-testid="organise-fridge-list">
          {fridges.map((fridge) => {
            const online = fridge.devices.filter((d) => d.online).length;
            return (
              <li key={fridge.id} class="item" data-testid={`organise-fridge-${fridge.id}`}>
                <h2 class="item-title">
                  <a href={organiseHref({ name: 'fridge', fridgeId: fridge.id })}>{fridge.name}</a>
                </h2>
                <p class="muted">
                  {kindWords(fridge.kind)} · <code>{fridge.id}</code>
                  {fridge.address !== null && <> · {fridge.address}</>}
                </p>
                <p class="badges">
                  <OnlineStatus online={fridge.online} />
                  {fridge.simulated && <SimulatedBadge />}
                </p>
                <dl class="facts facts-compact">
                  <div>
                    <dt>Stock</dt>
                    <dd>{levelWords(fridge.stock.level)}</dd>
                  </div>
                  <div>
                    <dt>Shelves</dt>
                    <dd>{fridge.shelves.length}</dd>
                  </div>
                  <div>
                    <dt>Sensors online</dt>
                    <dd>
                      {online} of {fridge.devices.length}
                    </dd>
                  </div>
                </dl>
                <RestockStatus request={context.restockByFridge[fridge.id]} />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
