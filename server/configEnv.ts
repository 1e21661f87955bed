import Type, { type TObject, type TProperties, type TSchema } from 'typebox';

/**
 * The environment variable behind a config field, declared once on the field's schema with
 * `envField`. The loader reads and coerces it from there, error messages name it, and README.md's
 * configuration table is generated from it (`npm run docs:config`).
 */
export interface EnvVariable {
  /** The variable's name, e.g. `PORT`. */
  readonly env: string;
  /** What it sets, in Markdown: the "Meaning" column of README.md's table. */
  readonly meaning: string;
  /**
   * The "Default" column when the schema's `default` does not say it to a reader (`generated`,
   * `the system's`), or when the field has no `default` of its own (the `SMTP_*` section).
   */
  readonly defaultText?: string;
}

/** How a variable's text becomes a value, inferred from the field's schema by `coercionOf`. */
export type Coercion = 'int' | 'number' | 'bool' | 'string' | 'list';

/** `schema`, annotated with the environment variable that sets it. */
export function envField<T extends TSchema>(schema: T, variable: EnvVariable) {
  const { env, meaning, defaultText } = variable;
  return Type.With(schema, {
    env,
    description: meaning,
    ...(defaultText === undefined ? {} : { defaultText }),
  });
}

/** The variable `envField` put on `schema`, if any. */
export function envVariableOf(schema: TSchema): EnvVariable | undefined {
  const { env, description, defaultText } = schema as Record<string, unknown>;
  if (typeof env !== 'string') return undefined;
  return {
    env,
    meaning: typeof description === 'string' ? description : '',
    ...(typeof defaultText === 'string' ? { defaultText } : {}),
  };
}

/**
 * How the loader turns a variable's text into the field's type: integers and numbers, booleans
 * (`1`/`0` and the usual spellings), strings and string enums, comma-separated lists of strings,
 * and any of these or null. Throws at start-up for a schema it cannot read, naming `field`.
 */
export function coercionOf(schema: TSchema, field: string): Coercion {
  if (Type.IsInteger(schema)) return 'int';
  if (Type.IsNumber(schema)) return 'number';
  if (Type.IsBoolean(schema)) return 'bool';
  if (Type.IsString(schema)) return 'string';
  if (Type.IsEnum(schema) && schema.enum.every((value) => typeof value === 'string')) return 'string';
  if (Type.IsArray(schema) && Type.IsString(schema.items)) return 'list';
  if (Type.IsUnion(schema)) {
    const [value, ...others] = schema.anyOf.filter((member) => !Type.IsNull(member));
    if (value !== undefined && others.length === 0) return coercionOf(value, field);
  }
  throw new Error(`${field}: an environment variable cannot set this type; read it in loadConfig instead`);
}

/**
 * A variable's text as the field's type. An empty variable is unset (null) except for lists
 * (empty); text that does not parse is kept, so the schema refuses it with the variable's name.
 */
export function coerce(raw: string, coercion: Coercion): unknown {
  if (coercion === 'list') return raw.split(',').flatMap((item) => (item.trim() === '' ? [] : [item.trim()]));
  if (raw === '') return null;
  if (coercion === 'int') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (coercion === 'number') return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (coercion === 'bool') {
    const lowered = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
    if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
    return raw;
  }
  return raw;
}

/** A field of an object schema that an environment variable sets. */
export interface EnvBinding {
  readonly field: string;
  readonly coercion: Coercion;
  readonly variable: EnvVariable;
}

/** The fields of `schema` (not of its nested sections) that carry an environment variable. */
export function envBindingsOf(schema: TObject): EnvBinding[] {
  return Object.entries(schema.properties).flatMap(([field, property]) => {
    const variable = envVariableOf(property);
    return variable ? [{ field, coercion: coercionOf(property, field), variable }] : [];
  });
}

/**
 * Field → variable name for a section whose every field has a variable and that is read by its
 * own function (`smtpFromEnv`); throws at start-up for a field without one.
 */
export function envNamesOf<P extends TProperties>(schema: TObject<P>): { readonly [K in keyof P]: string } {
  return Object.fromEntries(
    Object.entries(schema.properties).map(([field, property]) => {
      const variable = envVariableOf(property);
      if (!variable) throw new Error(`${field}: no environment variable declared with envField`);
      return [field, variable.env];
    }),
  ) as { readonly [K in keyof P]: string };
}

/**
 * Every variable in `schema`, nested sections included (an object field, or an object in a union
 * such as `smtp`), in the schema's order: the rows of README.md's configuration table.
 */
export function envVariablesIn(schema: TSchema): Array<{ variable: EnvVariable; schema: TSchema }> {
  const variable = envVariableOf(schema);
  if (variable) return [{ variable, schema }];
  if (Type.IsObject(schema))
    return Object.values(schema.properties).flatMap((inner) => envVariablesIn(inner));
  if (Type.IsUnion(schema)) return schema.anyOf.flatMap((member) => envVariablesIn(member));
  return [];
}
