import type { ComponentChildren } from 'preact';
import type { FridgeStatus } from '../../../contract/api';
import { msg } from '../locale';
import { Door, Temperature } from './Readings';

/** Temperature and door, the two facts every view of a fridge shows; `children` adds more rows. */
export function FridgeFacts({
  fridge,
  className = 'facts',
  children,
}: {
  fridge: FridgeStatus;
  className?: string;
  children?: ComponentChildren;
}) {
  return (
    <dl class={className}>
      <div>
        <dt>{msg().temperature}</dt>
        <dd>
          <Temperature temperature={fridge.temperature} />
        </dd>
      </div>
      <div>
        <dt>{msg().door}</dt>
        <dd>
          <Door door={fridge.door} />
        </dd>
      </div>
      {children}
    </dl>
  );
}
