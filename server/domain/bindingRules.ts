import type { BindingInput } from '../../contract/devices';
import { BINDING_UNITS } from '../../contract/devices';
import type { SensorBinding } from '../adapters/sensors/types';
import { AppError } from '../errors';

/**
 * Each binding names a known fridge (and, for a weight, one of its shelves), a unit its role can
 * have, one door per fridge, and no sensor bound twice in the same role. Pure but for the
 * fridge lookup it is handed; throws the named error the API answers with.
 */
export function checkBindings(
  inputs: readonly BindingInput[],
  fridgeOf: (fridgeId: string) => { shelves: ReadonlyArray<{ id: string }> } | null,
): SensorBinding[] {
  const keys = new Set<string>();
  const doors = new Map<string, string>();
  return inputs.map((input, index) => {
    const at = `bindings/${index}`;
    const fridge = fridgeOf(input.fridgeId);
    if (!fridge) throw new AppError('FRIDGE_NOT_FOUND', input.fridgeId);
    const key = `${input.source}\u0000${input.role}`;
    if (keys.has(key))
      throw new AppError('BAD_REQUEST', `${at}: "${input.source}" is bound as ${input.role} twice`);
    keys.add(key);
    if (input.role === 'weight') {
      if (input.shelfId === undefined)
        throw new AppError('BAD_REQUEST', `${at}/shelfId: a weight binding names its shelf`);
      if (!fridge.shelves.some((s) => s.id === input.shelfId))
        throw new AppError('SHELF_NOT_FOUND', input.fridgeId, input.shelfId);
    } else if (input.shelfId !== undefined) {
      throw new AppError('BAD_REQUEST', `${at}/shelfId: only a weight binding has a shelf`);
    }
    if (input.role === 'door') {
      const other = doors.get(input.fridgeId);
      if (other !== undefined)
        throw new AppError(
          'BAD_REQUEST',
          `${at}: fridge "${input.fridgeId}" has its door bound to "${other}" already`,
        );
      doors.set(input.fridgeId, input.source);
    }
    if (input.unit !== undefined) {
      const allowed: readonly string[] =
        input.role === 'temperature' || input.role === 'weight' ? BINDING_UNITS[input.role] : [];
      if (!allowed.includes(input.unit))
        throw new AppError(
          'BAD_REQUEST',
          `${at}/unit: a ${input.role} binding takes ${allowed.join(', ') || 'no unit'}`,
        );
    }
    if (input.invert !== undefined && input.role !== 'door')
      throw new AppError('BAD_REQUEST', `${at}/invert: only a door binding can be inverted`);
    return {
      source: input.source,
      role: input.role,
      fridgeId: input.fridgeId,
      shelfId: input.shelfId ?? null,
      invert: input.invert ?? false,
      unit: input.unit ?? null,
      attribute: input.attribute ?? null,
    };
  });
}
