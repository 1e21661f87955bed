import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type BehaviourProfile,
  REALISTIC_PROFILE,
  type SimulationHandle,
  startSimulation,
} from '../../firmware-sim';
import { stockEstimationFeature } from '../../server/features/stockEstimationModule';
import { claimFormIn, claimLinkIn, submitForm } from '../helpers/claimPage';
import { Mailbox } from '../helpers/mailbox';
import { type RestockSystem, startRestockSystem } from '../helpers/restockSystem';
import { TestClock } from '../helpers/testClock';
import { ADMIN_TOKEN, elmStreet, eventually, tempDataDir } from '../helpers/testSystem';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * A busy late afternoon with no volunteer until 18:00, then restocks: the simulator drains the
 * fridge, and only a volunteer's visit can bring it back.
 */
const DRAIN_THEN_RESTOCK: BehaviourProfile = {
  ...REALISTIC_PROFILE,
  name: 'drain-then-restock',
  visits: {
    kind: 'hourly',
    perHourByHour: Array.from({ length: 24 }, (_, h) => (h >= 16 && h < 18 ? 40 : 0)),
  },
  restocks: { kind: 'hourly', perHourByHour: Array.from({ length: 24 }, (_, h) => (h === 18 ? 12 : 0)) },
  browseShare: 0,
  donationShare: 0,
  takenKg: { min: 1, max: 2 },
  initialFillFraction: { min: 0.8, max: 0.8 },
  restockFillFraction: { min: 0.9, max: 1 },
};

describe('restock end to end with the device simulator', () => {
  let data: ReturnType<typeof tempDataDir>;
  let mailbox: Mailbox;
  let system: RestockSystem;
  let simulation: SimulationHandle | null = null;

  beforeEach(async () => {
    data = tempDataDir();
    mailbox = new Mailbox();
    await mailbox.start();
    const clock = new TestClock(Date.UTC(2026, 10, 30, 16, 0));
    system = await startRestockSystem(
      data.dir,
      // The test polls with the organiser token many times a second of wall time, and every
      // token shown counts against the organiser limit.
      { smtp: mailbox.smtpConfig(), rateLimitOrganiserPerMinute: 100_000 },
      { clock, before: [stockEstimationFeature] },
    );
  });
  afterEach(async () => {
    await simulation?.stop();
    simulation = null;
    await system.stop();
    await mailbox.stop();
    data.remove();
  });

  /** Moves the shared clock on, then waits until the simulator has published and been acknowledged. */
  async function advance(ms: number): Promise<void> {
    system.clock.advance(ms);
    const sim = simulation;
    if (!sim) return;
    await eventually(() => {
      const [stats] = sim.stats();
      expect(stats?.inFlight).toBe(0);
      expect(stats?.buffered).toBe(0);
    });
    // One simulator tick after the clock moved, so its readings up to now are on the wire.
    await new Promise((resolve) => setTimeout(resolve, 60));
    await eventually(() => expect(sim.stats()[0]?.inFlight).toBe(0));
  }

  async function activeRequests(): Promise<Array<{ id: string; status: string }>> {
    return (await system.app.inject({ url: '/api/restock-requests?status=active' })).json();
  }

  it('drains, mails a claim link, is claimed, and closes itself when the simulated volunteer restocks', async () => {
    await system.createFridge({ ...elmStreet, address: '12 Elm St' });
    const reg = await system.registerDevice('elm-st', 'elm-sensor');
    const volunteer = await system.app.inject({
      method: 'POST',
      url: '/api/volunteers',
      headers: auth,
      payload: {
        id: 'ana',
        name: 'Ana',
        channels: [{ type: 'email', address: 'ana@example.org' }],
        fridgeIds: ['elm-st'],
      },
    });
    expect(volunteer.statusCode).toBe(201);
    simulation = await startSimulation({
      mqttUrl: system.mqttUrl,
      fridges: [{ fridgeId: 'elm-st', kind: 'fridge', shelves: elmStreet.shelves, device: reg }],
      profile: DRAIN_THEN_RESTOCK,
      speed: 1,
      seed: 7,
      clock: { nowMs: () => system.clock.nowMs() },
      startMs: system.clock.nowMs(),
      utcOffsetMinutes: 0,
      tickMs: 20,
    });

    // 16:00 to 18:00: neighbours take food, nobody restocks.
    let requests = await activeRequests();
    while (requests.length === 0 && system.clock.nowMs() < Date.UTC(2026, 10, 30, 18, 0)) {
      await advance(30_000);
      requests = await activeRequests();
    }
    expect(requests).toHaveLength(1);
    const truthAtOpen = simulation.truth('elm-st');
    expect(truthAtOpen?.totalKg).toBeLessThan(0.45 * 40);
    const requestId = requests[0]?.id ?? '';

    const [mail] = await mailbox.waitFor('ana@example.org');
    expect(mail?.subject).toBe('Elm St fridge needs restocking');
    const link = claimLinkIn(mail?.text ?? '');
    const claimPage = await fetch(link);
    expect(claimPage.status).toBe(200);
    expect((await activeRequests())[0]?.status).toBe('open');
    const form = claimFormIn(await claimPage.text(), link);
    expect((await submitForm(form.url, form.body)).status).toBe(200);
    expect((await activeRequests())[0]?.status).toBe('claimed');

    // From 18:00 a volunteer comes: the request closes itself with the kg the simulator added.
    let request = (
      await system.app.inject({ url: `/api/restock-requests/${requestId}`, headers: auth })
    ).json();
    while (request.status === 'claimed' && system.clock.nowMs() < Date.UTC(2026, 10, 30, 19, 0)) {
      await advance(30_000);
      request = (
        await system.app.inject({ url: `/api/restock-requests/${requestId}`, headers: auth })
      ).json();
    }
    expect(request.status).toBe('fulfilled');
    expect(request.fulfilment.volunteerId).toBe('ana');
    const truth = simulation.truth('elm-st');
    expect(truth?.totalKg).toBeGreaterThan(0.8 * 40);
    expect(request.fulfilment.kgAdded).toBeGreaterThan(2);
    // The estimator measured the simulated volunteer's visit: the kg added is the true restock.
    expect(request.fulfilment.via).toBe('door-session');
    expect(
      Math.abs(request.fulfilment.kgAdded - ((truth?.totalKg ?? 0) - (truthAtOpen?.totalKg ?? 0))),
    ).toBeLessThan(0.2);
    const [, thanks] = await mailbox.waitFor('ana@example.org', 2);
    expect(thanks?.subject).toBe('Thank you! Elm St fridge is restocked');
  }, 120_000);
});
