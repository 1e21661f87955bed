import type { MqttClient } from 'mqtt';
import type { AlertsFeature } from '../../server/features/alerts';
import { createAlertsModule } from '../../server/features/alerts';
import { createNotificationsFeature } from '../../server/features/notifications';
import type { DeviceRegistration } from '../../server/features/siteAdmin';
import type { TestClock } from './testClock';
import { ADMIN_TOKEN, connectDevice, elmStreet, startTestSystem, type TestSystem } from './testSystem';
import { WebhookReceiver } from './webhookReceiver';

export interface WebhookNotice {
  kind: string;
  category: string;
  critical: boolean;
  title: string;
  text: string;
  action: { url: string } | null;
}

export interface AlertSite {
  system: TestSystem;
  alerts: AlertsFeature;
  hook: WebhookReceiver;
  /** Elm St's device, registered but not connected: the test connects it (or the simulator does). */
  reg: DeviceRegistration;
  /** Every notice the organiser's webhook received, in order. */
  notices(): WebhookNotice[];
  stop(): Promise<void>;
}

export interface AlertSystem extends AlertSite {
  device: MqttClient;
}

/** `startAlertSite` with Elm St's device connected as a scripted MQTT client. */
export async function startAlertSystem(dataDir: string, clock: TestClock): Promise<AlertSystem> {
  const site = await startAlertSite(dataDir, clock);
  const device = await connectDevice(site.system.mqttUrl, site.reg);
  return {
    ...site,
    device,
    stop: async () => {
      await device.endAsync();
      await site.stop();
    },
  };
}

/**
 * The real system with the notification and alert modules on a clock the test moves; Elm St
 * fridge with one registered device, and one organiser (Ana) who hears food-safety and
 * device-health notices on a webhook.
 */
export async function startAlertSite(dataDir: string, clock: TestClock): Promise<AlertSite> {
  const hook = new WebhookReceiver();
  await hook.start();
  const held: { alerts?: AlertsFeature } = {};
  // The tests' webhook receivers listen on 127.0.0.1, which a real site refuses by default.
  const system = await startTestSystem(
    dataDir,
    { timeZone: 'UTC', allowPrivateWebhooks: true },
    {
      clock,
      features: [
        createNotificationsFeature({ autoDeliver: true }),
        (context) => {
          const module = createAlertsModule(context);
          held.alerts = module.feature;
          return module;
        },
      ],
    },
  );
  const alerts = held.alerts;
  if (!alerts) throw new Error('the alerts module did not start');
  await system.createFridge({ ...elmStreet, address: '12 Elm St' });
  const reg = await system.registerDevice('elm-st', 'elm-sensor');
  const res = await system.app.inject({
    method: 'POST',
    url: '/api/volunteers',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: {
      id: 'ana',
      name: 'Ana',
      role: 'organiser',
      channels: [{ type: 'webhook', url: hook.url('/ana'), format: 'json' }],
      fridgeIds: ['elm-st'],
      notices: { foodSafety: true, deviceHealth: true },
    },
  });
  if (res.statusCode !== 201) throw new Error(`add volunteer: ${res.statusCode} ${res.body}`);
  return {
    system,
    alerts,
    hook,
    reg,
    notices: () => hook.calls.map((c) => JSON.parse(c.body) as WebhookNotice),
    stop: async () => {
      await system.stop();
      await hook.stop();
    },
  };
}
