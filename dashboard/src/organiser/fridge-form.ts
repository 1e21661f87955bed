import type { FridgeKind, FridgeStatus, LevelThresholds } from '../../../contract/api';
import { type CreateFridgeBody, FRIDGE_LIMITS, type UpdateFridgeBody } from '../../../contract/fridgeAdmin';
import { isSlug } from '../../../contract/ids';
import { type Checked, parseDecimal, SLUG_HINT } from './forms';

/**
 * The fridge forms as typed (every field a string), their checks, and the request bodies they make.
 * The limits are the contract's (contract/fridgeAdmin.ts, and server/features/siteAdmin.ts for the
 * checks across fields): checking them here puts the message next to the field; the server still
 * checks everything.
 */
export const LIMITS = FRIDGE_LIMITS;

export interface ShelfFields {
  /** Stable across edits, for list keys and input ids; not sent. */
  key: number;
  id: string;
  tareKg: string;
  capacityKg: string;
}

export interface NewFridgeFields {
  id: string;
  name: string;
  kind: FridgeKind;
  address: string;
  shelves: ShelfFields[];
}

/** "Elm St. fridge #2" → "elm-st-fridge-2": a suggestion for the id while none was typed. */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** A new shelf row, with the first free id of the form s1, s2, ... */
export function newShelf(existing: readonly ShelfFields[]): ShelfFields {
  const ids = new Set(existing.map((s) => s.id));
  let n = 1;
  while (ids.has(`s${n}`)) n += 1;
  const key = existing.reduce((max, s) => Math.max(max, s.key), 0) + 1;
  return { key, id: `s${n}`, tareKg: '', capacityKg: '' };
}

export function emptyFridgeFields(): NewFridgeFields {
  return { id: '', name: '', kind: 'fridge', address: '', shelves: [newShelf([])] };
}

function checkName(name: string, errors: Record<string, string>): void {
  const trimmed = name.trim();
  if (trimmed === '') errors.name = 'Give it a name people will recognise, e.g. "Elm St fridge".';
  else if (trimmed.length > LIMITS.nameLength) errors.name = `At most ${LIMITS.nameLength} characters.`;
}

function checkAddress(address: string, errors: Record<string, string>): void {
  if (address.trim().length > LIMITS.addressLength)
    errors.address = `At most ${LIMITS.addressLength} characters.`;
}

function checkShelves(shelves: readonly ShelfFields[], errors: Record<string, string>) {
  if (shelves.length > LIMITS.shelves) errors.shelves = `At most ${LIMITS.shelves} shelves.`;
  const seen = new Set<string>();
  const checked: CreateFridgeBody['shelves'] = [];
  shelves.forEach((shelf, index) => {
    const at = `shelves.${index}`;
    const id = shelf.id.trim();
    if (id === '') errors[`${at}.id`] = 'Give the shelf an id, e.g. "top".';
    else if (!isSlug(id)) errors[`${at}.id`] = `Use ${SLUG_HINT}.`;
    else if (seen.has(id)) errors[`${at}.id`] = `Another shelf is already called "${id}".`;
    seen.add(id);

    const tareKg = parseDecimal(shelf.tareKg);
    const { tareKg: tare, capacityKg: capacity } = LIMITS;
    if (shelf.tareKg.trim() === '')
      errors[`${at}.tareKg`] = 'Enter the empty shelf weight in kg (0 if its scale is tared).';
    else if (tareKg === null) errors[`${at}.tareKg`] = 'Enter a number of kg, e.g. 2.5.';
    else if (tareKg < tare.min || tareKg > tare.max)
      errors[`${at}.tareKg`] = `Between ${tare.min} and ${tare.max} kg.`;

    const capacityKg = parseDecimal(shelf.capacityKg);
    if (shelf.capacityKg.trim() === '')
      errors[`${at}.capacityKg`] = 'Enter how many kg of food the shelf holds when full.';
    else if (capacityKg === null) errors[`${at}.capacityKg`] = 'Enter a number of kg, e.g. 20.';
    else if (capacityKg <= capacity.min || capacityKg > capacity.max)
      errors[`${at}.capacityKg`] = `More than ${capacity.min} and at most ${capacity.max} kg.`;

    if (tareKg !== null && capacityKg !== null) checked.push({ id, tareKg, capacityKg });
  });
  return checked;
}

/** Checks the "add a fridge" form and makes the `POST /api/fridges` body. */
export function checkNewFridge(fields: NewFridgeFields): Checked<CreateFridgeBody> {
  const errors: Record<string, string> = {};
  const id = fields.id.trim();
  if (id === '') errors.id = `Choose an id for links and sensor topics: ${SLUG_HINT}.`;
  else if (!isSlug(id)) errors.id = `Use ${SLUG_HINT} (at most 64).`;
  checkName(fields.name, errors);
  checkAddress(fields.address, errors);
  const shelves = checkShelves(fields.shelves, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const address = fields.address.trim();
  return {
    ok: true,
    value: {
      id,
      name: fields.name.trim(),
      kind: fields.kind,
      address: address === '' ? null : address,
      shelves,
    },
  };
}

export interface FridgeEditFields {
  name: string;
  address: string;
  emptyBelowPercent: string;
  fewBelowPercent: string;
  manyBelowPercent: string;
}

export const LEVEL_FIELDS = ['emptyBelowPercent', 'fewBelowPercent', 'manyBelowPercent'] as const;

export function editFieldsOf(fridge: Pick<FridgeStatus, 'name' | 'address' | 'levels'>): FridgeEditFields {
  return {
    name: fridge.name,
    address: fridge.address ?? '',
    emptyBelowPercent: String(fridge.levels.emptyBelowPercent),
    fewBelowPercent: String(fridge.levels.fewBelowPercent),
    manyBelowPercent: String(fridge.levels.manyBelowPercent),
  };
}

function checkLevels(fields: FridgeEditFields, errors: Record<string, string>): LevelThresholds | null {
  const values: Partial<Record<(typeof LEVEL_FIELDS)[number], number>> = {};
  for (const field of LEVEL_FIELDS) {
    const value = parseDecimal(fields[field]);
    if (value === null) errors[field] = 'Enter a percentage from 0 to 100.';
    else if (value < 0 || value > 100) errors[field] = 'From 0 to 100 %.';
    else values[field] = value;
  }
  const { emptyBelowPercent: empty, fewBelowPercent: few, manyBelowPercent: many } = values;
  if (empty === undefined || few === undefined || many === undefined) return null;
  if (few < empty) errors.fewBelowPercent = `At least the "empty" limit (${empty} %).`;
  if (many < few) errors.manyBelowPercent = `At least the "a few items" limit (${few} %).`;
  if (errors.fewBelowPercent !== undefined || errors.manyBelowPercent !== undefined) return null;
  return { emptyBelowPercent: empty, fewBelowPercent: few, manyBelowPercent: many };
}

/**
 * Checks the edit form and makes the `PATCH /api/fridges/{id}` body with only what changed;
 * `value` is null when nothing did.
 */
export function checkFridgeEdit(
  fields: FridgeEditFields,
  original: Pick<FridgeStatus, 'name' | 'address' | 'levels'>,
): Checked<UpdateFridgeBody | null> {
  const errors: Record<string, string> = {};
  checkName(fields.name, errors);
  checkAddress(fields.address, errors);
  const levels = checkLevels(fields, errors);
  if (Object.keys(errors).length > 0 || levels === null) return { ok: false, errors };
  const changes: UpdateFridgeBody = {};
  const name = fields.name.trim();
  if (name !== original.name) changes.name = name;
  const address = fields.address.trim() === '' ? null : fields.address.trim();
  if (address !== original.address) changes.address = address;
  const levelsChanged = LEVEL_FIELDS.some((field) => levels[field] !== original.levels[field]);
  if (levelsChanged) changes.levels = levels;
  return { ok: true, value: Object.keys(changes).length === 0 ? null : changes };
}

/** Ids of registered devices are slugs too; empty lets the server make one up. */
export function checkDeviceId(input: string): Checked<string | undefined> {
  const id = input.trim();
  if (id === '') return { ok: true, value: undefined };
  if (!isSlug(id)) return { ok: false, errors: { deviceId: `Use ${SLUG_HINT}, or leave it empty.` } };
  return { ok: true, value: id };
}
