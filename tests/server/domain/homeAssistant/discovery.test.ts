import { describe, expect, it } from 'vitest';
import { homeAssistantMayPublish, homeAssistantMayRead } from '../../../../contract/homeAssistant';
import { loadConfig } from '../../../../server/config';
import { discoveryMessages, discoveryTopics } from '../../../../server/domain/homeAssistant/discovery';
import { discoveryEnabled } from '../../../../server/features/homeAssistantDiscovery';

const options = {
  prefix: 'homeassistant',
  software: { name: 'Community fridge monitor', version: '0.1.0' },
  siteUrl: null,
};

describe('discovery configs of one fridge', () => {
  it('gives seven entities unique ids that stay the same across renames and kinds', () => {
    const first = discoveryMessages({ id: 'elm-st', name: 'Elm St', kind: 'fridge' }, options);
    const renamed = discoveryMessages({ id: 'elm-st', name: 'Elm Street', kind: 'pantry' }, options);
    const ids = first.map((message) => message.config.unique_id);
    expect(new Set(ids).size).toBe(7);
    expect(renamed.map((message) => message.config.unique_id)).toEqual(ids);
    expect(renamed.map((message) => message.topic)).toEqual(first.map((message) => message.topic));
    expect(renamed[0]?.config.device).toMatchObject({ name: 'Elm Street', model: 'Community pantry' });
  });

  it('removes exactly the topics it announced, under the configured prefix', () => {
    const custom = { ...options, prefix: 'ha-test' };
    const topics = discoveryMessages({ id: 'elm-st', name: 'Elm St', kind: 'fridge' }, custom).map(
      (m) => m.topic,
    );
    expect(discoveryTopics('elm-st', 'ha-test')).toEqual(topics);
    for (const topic of topics)
      expect(topic).toMatch(/^ha-test\/(sensor|binary_sensor)\/[\w-]+\/[\w-]+\/config$/);
  });

  it("links the device to the fridge's page when the site has a public address", () => {
    const [message] = discoveryMessages(
      { id: 'elm-st', name: 'Elm St', kind: 'fridge' },
      { ...options, siteUrl: 'https://fridges.example.org' },
    );
    expect(message?.config.device).toMatchObject({
      configuration_url: 'https://fridges.example.org/fridges/elm-st',
    });
  });
});

describe("Home Assistant's login on the embedded broker", () => {
  it('reads discovery, fridge state and alerts and the server status; nothing a device publishes', () => {
    for (const filter of [
      'homeassistant/#',
      'homeassistant/sensor/+/+/config',
      'fridges/+/state',
      'fridges/elm-st/alerts',
      'fridge-monitor/status',
    ]) {
      expect(homeAssistantMayRead(filter, 'homeassistant'), filter).toBe(true);
    }
    for (const filter of [
      '#',
      'fridges/#',
      'fridges/+/door',
      'fridges/+/+',
      'fridges/elm-st/shelves/s1/weight',
      'homeassistant',
      'homeassistant//x',
      'other/#',
    ]) {
      expect(homeAssistantMayRead(filter, 'homeassistant'), filter).toBe(false);
    }
  });

  it('publishes only its own status', () => {
    expect(homeAssistantMayPublish('homeassistant/status', 'homeassistant')).toBe(true);
    expect(homeAssistantMayPublish('homeassistant/sensor/x/y/config', 'homeassistant')).toBe(false);
    expect(homeAssistantMayPublish('fridges/elm-st/door', 'homeassistant')).toBe(false);
  });
});

describe('HA_DISCOVERY', () => {
  it('is on by default with an external broker or a Home Assistant login, off otherwise, and a setting', () => {
    expect(discoveryEnabled(loadConfig({}))).toBe(false);
    expect(discoveryEnabled(loadConfig({ MQTT_URL: 'mqtt://mosquitto:1883' }))).toBe(true);
    expect(discoveryEnabled(loadConfig({ HA_MQTT_PASSWORD: 'a-long-enough-password' }))).toBe(true);
    expect(discoveryEnabled(loadConfig({ HA_DISCOVERY: '1' }))).toBe(true);
    expect(discoveryEnabled(loadConfig({ MQTT_URL: 'mqtt://mosquitto:1883', HA_DISCOVERY: '0' }))).toBe(
      false,
    );
  });

  it('refuses a bad prefix, a short password, and the embedded login beside an external broker', () => {
    expect(() => loadConfig({ HA_DISCOVERY_PREFIX: 'home/assistant' })).toThrow(/HA_DISCOVERY_PREFIX/);
    expect(() => loadConfig({ HA_MQTT_PASSWORD: 'short' })).toThrow(/HA_MQTT_PASSWORD/);
    expect(() =>
      loadConfig({ HA_MQTT_PASSWORD: 'a-long-enough-password', MQTT_URL: 'mqtt://m:1883' }),
    ).toThrow(/HA_MQTT_PASSWORD, MQTT_URL/);
  });
});
