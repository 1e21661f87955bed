import { Compile } from 'typebox/compile';
import { type ImportBody, ImportBodySchema } from '../../../contract/bulkImport';
import { SERVER_CLIENT_ID } from '../../../contract/ids';
import { openingHoursProblems } from '../../../contract/openingHoursText';
import { levelsRise } from '../../domain/stock';

const compiled = Compile(ImportBodySchema);

/** Names an input row for messages: a CSV line, or the fridge's place in the JSON list. */
export type RowNames = (fridgeIndex: number, part?: { shelf?: number; device?: number }) => string;

export const jsonRowNames: RowNames = (fridgeIndex, part) =>
  `fridges/${fridgeIndex}${part?.shelf !== undefined ? `/shelves/${part.shelf}` : ''}${part?.device !== undefined ? `/devices/${part.device}` : ''}`;

/** What exists already: checked before anything is written. */
export interface SiteLookup {
  fridgeExists(id: string): boolean;
  deviceExists(id: string): boolean;
}

/**
 * Every problem of an import, each naming its row and field, or none: the import is all or
 * nothing, so an organiser fixes the whole file at once instead of one error per attempt.
 */
export function importProblems(body: unknown, site: SiteLookup, rowNames: RowNames): string[] {
  if (!compiled.Check(body)) {
    return [...compiled.Errors(body)].slice(0, 50).map((e) => {
      const match = e.instancePath.match(/^\/fridges\/(\d+)(?:\/(shelves|devices)\/(\d+))?(\/.*)?$/);
      if (!match) return `${e.instancePath || 'body'}: ${e.message}`;
      const [, fridge, list, item, rest] = match;
      const part =
        list === 'shelves' ? { shelf: Number(item) } : list === 'devices' ? { device: Number(item) } : {};
      const field = (rest ?? (list && item === undefined ? `/${list}` : '')).replace(/^\//, '');
      return `${rowNames(Number(fridge), part)}${field ? ` field ${field}` : ''}: ${e.message}`;
    });
  }
  return semanticProblems(body, site, rowNames);
}

function semanticProblems(body: ImportBody, site: SiteLookup, rowNames: RowNames): string[] {
  const problems: string[] = [];
  const fridgeIds = new Map<string, number>();
  const deviceIds = new Map<string, string>();
  body.fridges.forEach((fridge, index) => {
    const row = rowNames(index);
    const first = fridgeIds.get(fridge.id);
    if (first !== undefined)
      problems.push(`${row} field id: fridge "${fridge.id}" is also in ${rowNames(first)}`);
    else fridgeIds.set(fridge.id, index);
    if (site.fridgeExists(fridge.id))
      problems.push(`${row} field id: a fridge with id "${fridge.id}" exists`);
    const shelfIds = new Set<string>();
    fridge.shelves.forEach((shelf, shelfIndex) => {
      if (shelfIds.has(shelf.id))
        problems.push(
          `${rowNames(index, { shelf: shelfIndex })} field id: shelf "${shelf.id}" is used twice`,
        );
      shelfIds.add(shelf.id);
    });
    if (fridge.levels && !levelsRise(fridge.levels))
      problems.push(`${row} field levels: thresholds must rise (empty ≤ few ≤ many)`);
    // The same check as the fridge form's (server/features/siteAdmin.ts): ranges that are empty.
    if (fridge.openingHours)
      for (const problem of openingHoursProblems(fridge.openingHours))
        problems.push(`${row} field ${problem}`);
    (fridge.devices ?? []).forEach((device, deviceIndex) => {
      if (device.id === undefined) return;
      const where = rowNames(index, { device: deviceIndex });
      const other = deviceIds.get(device.id);
      if (other !== undefined) problems.push(`${where} field id: device "${device.id}" is also in ${other}`);
      else deviceIds.set(device.id, where);
      if (device.id === SERVER_CLIENT_ID || site.deviceExists(device.id))
        problems.push(`${where} field id: a device with id "${device.id}" exists`);
    });
  });
  return problems.slice(0, 50);
}
