import type { ComponentChild } from 'preact';
import { msg } from '../locale';

/**
 * "<amount> of <capacity>" in the reader's language, with the amount kept as an element (a test
 * id, a live figure) wherever the language puts it.
 */
export function amountOf(amount: ComponentChild, capacity: string): ComponentChild {
  const marker = '\u0000';
  const [before = '', after = ''] = msg().amountOf(marker, capacity).split(marker);
  return (
    <>
      {before}
      {amount}
      {after}
    </>
  );
}
