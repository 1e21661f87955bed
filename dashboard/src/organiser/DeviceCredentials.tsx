import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../error-text';
import type { DeviceRegistration } from './organiser-api';
import { mosquittoPubExample, provisioningBlob } from './provisioning';

/** Large enough for a phone camera at arm's length; the image scales down on narrow screens. */
const QR_SIZE_PX = 288;

/**
 * A new sensor's credentials, shown this once: the server keeps only a hash of the password. The
 * QR code carries the same settings as JSON for a phone or provisioning tool to scan.
 */
export function DeviceCredentials({
  registration,
  onDone,
}: {
  registration: DeviceRegistration;
  onDone: () => void;
}) {
  const blob = provisioningBlob(registration);
  const example = mosquittoPubExample(registration);
  const [qr, setQr] = useState<{ url: string } | { failure: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    let active = true;
    // The QR library is fetched only when a sensor is registered, not with every organiser screen.
    import('qrcode')
      .then((qrcode) => qrcode.toDataURL(blob, { errorCorrectionLevel: 'M', margin: 2, width: QR_SIZE_PX }))
      .then(
        (url) => {
          if (active) setQr({ url });
        },
        (error: unknown) => {
          if (active) setQr({ failure: errorText(error) });
        },
      );
    return () => {
      active = false;
    };
  }, [blob]);

  const shelfTopics = Object.entries(registration.topics.shelves);
  return (
    <section class="credentials" aria-labelledby="credentials-heading" data-testid="device-credentials">
      <h3 id="credentials-heading" tabIndex={-1} ref={heading}>
        Sensor <code>{registration.deviceId}</code> registered
      </h3>
      <p class="warning" data-testid="credentials-once">
        <strong>Copy these now: the password will not be shown again.</strong> The server keeps only a
        fingerprint of it. If it is lost, revoke this sensor and register a new one.
      </p>
      <dl class="secrets">
        <div>
          <dt>Broker</dt>
          <dd>
            <CopyableText text={registration.mqttUrl} label="broker address" testId="device-mqtt-url" />
          </dd>
        </div>
        <div>
          <dt>Username and client id</dt>
          <dd>
            <CopyableText text={registration.username} label="username" testId="device-username" />
          </dd>
        </div>
        <div>
          <dt>Password</dt>
          <dd>
            <CopyableText text={registration.password} label="password" testId="device-password" />
          </dd>
        </div>
      </dl>

      <h4>Topics</h4>
      <ul class="topics">
        <li>
          Door: <code>{registration.topics.door}</code>
        </li>
        <li>
          Temperature: <code>{registration.topics.temperature}</code>
        </li>
        {shelfTopics.map(([shelfId, topic]) => (
          <li key={shelfId}>
            Shelf {shelfId}: <code>{topic}</code>
          </li>
        ))}
        <li>
          Status (retained, and the last will): <code>{registration.topics.status}</code>
        </li>
      </ul>

      <h4>QR code for provisioning</h4>
      <p class="hint">The same settings as JSON: broker, username, password and topics.</p>
      {qr === null && <p class="placeholder">Drawing the QR code…</p>}
      {qr !== null && 'url' in qr && (
        <img
          class="qr"
          src={qr.url}
          width={QR_SIZE_PX}
          height={QR_SIZE_PX}
          alt={`QR code with the broker, username, password and topics of sensor ${registration.deviceId}`}
          data-testid="device-qr"
        />
      )}
      {qr !== null && 'failure' in qr && (
        <p class="field-error" role="alert">
          Could not draw the QR code ({qr.failure}); copy the settings below instead.
        </p>
      )}
      <details>
        <summary>Provisioning JSON</summary>
        <CopyableText text={blob} label="provisioning JSON" testId="device-blob" block />
      </details>

      <h4>Try it with mosquitto_pub</h4>
      <p class="hint">Publishes a status, a temperature, the door and a shelf weight as this sensor.</p>
      <CopyableText text={example} label="mosquitto_pub commands" testId="device-mosquitto" block />

      <div class="actions">
        <button type="button" class="button button-primary" onClick={onDone} data-testid="credentials-done">
          I have copied them: hide the password
        </button>
      </div>
    </section>
  );
}

/**
 * Text with a copy button. Copying needs a secure context (HTTPS or localhost); on a plain-HTTP LAN
 * address the text is selected instead, ready for Ctrl+C.
 */
export function CopyableText({
  text,
  label,
  testId,
  block = false,
}: {
  text: string;
  label: string;
  testId: string;
  block?: boolean;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const textRef = useRef<HTMLElement>(null);
  const select = () => {
    const node = textRef.current;
    const selection = window.getSelection();
    if (node === null || selection === null) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  };
  const copy = () => {
    if (navigator.clipboard === undefined) {
      select();
      setCopied('Selected: press Ctrl+C (or ⌘C) to copy.');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setCopied(`Copied the ${label}.`),
      () => {
        select();
        setCopied('Selected: press Ctrl+C (or ⌘C) to copy.');
      },
    );
  };
  return (
    <div class={block ? 'copyable copyable-block' : 'copyable'}>
      {block ? (
        <pre>
          <code ref={textRef} data-testid={testId}>
            {text}
          </code>
        </pre>
      ) : (
        <code ref={textRef} class="secret" data-testid={testId}>
          {text}
        </code>
      )}
      <button type="button" class="button button-small" onClick={copy} aria-label={`Copy the ${label}`}>
        Copy
      </button>
      <span class="copy-status" role="status">
        {copied}
      </span>
    </div>
  );
}
