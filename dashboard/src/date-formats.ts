/**
 * `Intl.DateTimeFormat` objects, made once per locale and options. Making one costs about a
 * millisecond in Chromium (it loads locale data), and the list calls a formatter for every card:
 * at 1,000 fridges, new formatters were most of the list's first render (bench/dashboardRender.ts).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}
