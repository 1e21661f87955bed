import { useEffect, useState } from 'preact/hooks';
import { msg } from '../locale';

/**
 * A QR code made in the browser by the `qrcode` library, fetched only on the status screen (the
 * same 9 KB gzipped chunk the organisers' device set-up uses; the list never loads it). Drawn as an
 * SVG image (`data:` is in the CSP's img-src), dark on white whatever the theme, so phones read it.
 * Should it fail to load, the address stays readable beside it.
 */
export function QrCode({ url, testId = 'qr-code' }: { url: string; testId?: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    import('qrcode')
      .then((qrcode) =>
        qrcode.toString(url, {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
          color: { dark: '#000000', light: '#ffffff' },
        }),
      )
      .then(
        (svg) => {
          if (active) setSource(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
        },
        (error: unknown) => console.warn('Could not draw the QR code', error),
      );
    return () => {
      active = false;
    };
  }, [url]);
  if (source === null) return <span class="qr qr-pending" aria-hidden="true" />;
  return <img class="qr" src={source} alt={msg().screen.qrAlt(url)} data-testid={testId} data-url={url} />;
}
