import { parse } from 'csv-parse/sync';
import type { ImportFridge } from '../../../contract/bulkImport';
import { parseOpeningHours } from '../../../contract/openingHoursText';
import type { RowNames } from './importPlan';

export const CSV_COLUMNS = [
  'record',
  'fridge',
  'id',
  'name',
  'kind',
  'address',
  'tare_kg',
  'capacity_kg',
] as const;

/** Optional: a file from before places and hours still imports. */
export const CSV_PLACE_COLUMNS = ['lat', 'lon', 'opening_hours'] as const;

interface FridgeLines {
  line: number;
  shelves: number[];
  devices: number[];
}

/**
 * Reads the CSV form of an import (one record per row: a fridge, one of its shelves, or one of its
 * devices; contract/bulkImport.ts) into the JSON form, keeping each entry's line number so every
 * problem names the line to fix. Problems of the CSV itself come back at once.
 */
export function fromCsv(
  text: string,
): { body: { fridges: ImportFridge[] }; rowNames: RowNames } | { problems: string[] } {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    return { problems: [`CSV: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const header = records[0] ? Object.keys(records[0]) : [];
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (records.length > 0 && missing.length > 0)
    return { problems: [`line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] };
  const problems: string[] = [];
  const fridges: ImportFridge[] = [];
  const lines: FridgeLines[] = [];
  const indexById = new Map<string, number>();
  const number = (value: string | undefined, line: number, column: string): number => {
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n))
      problems.push(`line ${line} field ${column}: not a number: "${value ?? ''}"`);
    return n;
  };
  // Ranges (latitude within ±90…) are the schema's, checked with the rest: "line 3 field location/lat".
  const placeAndHours = (fridge: ImportFridge, row: Record<string, string>, line: number) => {
    if (row.lat || row.lon)
      fridge.location = { lat: number(row.lat, line, 'lat'), lon: number(row.lon, line, 'lon') };
    if (row.opening_hours) {
      const parsed = parseOpeningHours(row.opening_hours);
      if ('error' in parsed) problems.push(`line ${line} field opening_hours: ${parsed.error}`);
      else fridge.openingHours = parsed.hours;
    }
  };
  records.forEach((row, i) => {
    const line = i + 2;
    const fridgeId = row.fridge ?? '';
    const owner = indexById.get(fridgeId);
    switch (row.record) {
      case 'fridge': {
        indexById.set(fridgeId, indexById.has(fridgeId) ? (owner as number) : fridges.length);
        const fridge: ImportFridge = {
          id: fridgeId,
          name: row.name ?? '',
          kind: row.kind as ImportFridge['kind'],
          shelves: [],
          devices: [],
        };
        if (row.address) fridge.address = row.address;
        placeAndHours(fridge, row, line);
        fridges.push(fridge);
        lines.push({ line, shelves: [], devices: [] });
        return;
      }
      case 'shelf':
      case 'device': {
        if (owner === undefined) {
          problems.push(`line ${line} field fridge: no fridge row for "${fridgeId}" above this line`);
          return;
        }
        const fridge = fridges[owner] as ImportFridge;
        const at = lines[owner] as FridgeLines;
        if (row.record === 'shelf') {
          fridge.shelves.push({
            id: row.id ?? '',
            tareKg: number(row.tare_kg, line, 'tare_kg'),
            capacityKg: number(row.capacity_kg, line, 'capacity_kg'),
          });
          at.shelves.push(line);
        } else {
          fridge.devices?.push(row.id ? { id: row.id } : {});
          at.devices.push(line);
        }
        return;
      }
      default:
        problems.push(`line ${line} field record: "${row.record ?? ''}" is not fridge, shelf or device`);
    }
  });
  if (problems.length > 0) return { problems: problems.slice(0, 50) };
  const rowNames: RowNames = (index, part) => {
    const at = lines[index];
    const line =
      part?.shelf !== undefined
        ? at?.shelves[part.shelf]
        : part?.device !== undefined
          ? at?.devices[part.device]
          : at?.line;
    return `line ${line ?? '?'}`;
  };
  return { body: { fridges }, rowNames };
}
