/**
 * A language's name in itself ("Español"), for every place that offers a choice of language: the
 * dashboard's switcher and volunteer form, and the server's preferences page. No words file is
 * needed: the browser's and Node's Intl know the names.
 */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code;
  }
}
