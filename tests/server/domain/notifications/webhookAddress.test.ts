import { describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookUrlProblem } from '../../../../server/domain/notifications/webhookAddress';
import { WebhookChannel } from '../../../../server/features/notifications/channels/webhookChannel';

describe('webhook addresses', () => {
  it('knows loopback, private, link-local and unique-local ranges, and nothing else', () => {
    for (const address of [
      '127.0.0.1',
      '127.9.9.9',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '192.0.2.10',
      '2001:db8::1',
      '::ffff:8.8.8.8',
      'example.org',
    ])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it('names what is wrong with a URL as written', () => {
    expect(webhookUrlProblem('https://hooks.slack.com/services/T/B/X')).toBeNull();
    expect(webhookUrlProblem('http://LOCALHOST:8080/x')).toBe('points at this machine (localhost)');
    expect(webhookUrlProblem('http://[::1]/x')).toBe('points at a private or local address (::1)');
    expect(webhookUrlProblem('http://10.0.0.5/x')).toBe('points at a private or local address (10.0.0.5)');
  });

  it('refuses at delivery a name that resolves to this machine, permanently, unless allowed', async () => {
    const channel = new WebhookChannel(1000);
    const refusal = await channel
      .send({ channel: 'webhook', url: 'http://localhost:9/hook', body: '{}' } as never, 'k1')
      .catch((err: unknown) => err);
    expect(refusal).toMatchObject({ permanent: true });
    expect(String((refusal as Error).message)).toMatch(
      /^webhook: localhost is a private or local address \((127\.0\.0\.1|::1)\)/,
    );
    // Allowed, it is tried (and fails to connect: port 9 is not listening), as a retryable failure.
    const tried = await new WebhookChannel(1000, true)
      .send({ channel: 'webhook', url: 'http://127.0.0.1:9/hook', body: '{}' } as never, 'k2')
      .catch((err: unknown) => err);
    expect(tried).toMatchObject({ permanent: false });
  });
});
