import Type from 'typebox';

/** Schema pieces every API shape uses; a leaf module so any contract file can import it. */
export const IsoTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
