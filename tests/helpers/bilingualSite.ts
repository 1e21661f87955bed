import { expect } from 'vitest';
import type { FeatureFactory } from '../../server/featureModule';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import { Mailbox } from './mailbox';
import { TestClock } from './testClock';
import {
  ADMIN_TOKEN,
  connectDevice,
  elmStreet,
  startTestSystem,
  type TestSystem,
  tempDataDir,
} from './testSystem';

export const ANA = 'ana@example.org';
export const BEN = 'ben@example.org';

/** A site in Mexico City with its Elm St fridge, the fridge's device connected, and a real SMTP server. */
export interface BilingualSite {
  mailbox: Mailbox;
  clock: TestClock;
  system: TestSystem;
  device: Awaited<ReturnType<typeof connectDevice>>;
  reg: DeviceRegistration;
  stop(): Promise<void>;
}

/**
 * Two volunteers look after the fridge and read their notices by e-mail: Ana in Spanish, Ben in
 * English. `volunteers` adds what each test needs on top (notices, role) to the POST of each.
 */
export async function startBilingualSite(options: {
  startMs: number;
  features: FeatureFactory[];
  volunteers: { ana: object; ben: object };
}): Promise<BilingualSite> {
  const data = tempDataDir();
  const mailbox = new Mailbox();
  await mailbox.start();
  const clock = new TestClock(options.startMs);
  const system = await startTestSystem(
    data.dir,
    { timeZone: 'America/Mexico_City', smtp: mailbox.smtpConfig() },
    { clock, features: options.features },
  );
  await system.createFridge({ ...elmStreet, address: '12 Elm St' });
  const reg = await system.registerDevice('elm-st', 'elm-sensor');
  for (const [id, name, address, language, fields] of [
    ['ana', 'Ana', ANA, 'es', options.volunteers.ana],
    ['ben', 'Ben', BEN, 'en', options.volunteers.ben],
  ] as const) {
    const added = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: {
        id,
        name,
        language,
        channels: [{ type: 'email', address }],
        fridgeIds: ['elm-st'],
        ...fields,
      },
    });
    expect(added.statusCode, added.body).toBe(201);
  }
  const device = await connectDevice(system.mqttUrl, reg);
  return {
    mailbox,
    clock,
    system,
    device,
    reg,
    stop: async () => {
      await device.endAsync();
      await system.stop();
      await mailbox.stop();
      data.remove();
    },
  };
}
