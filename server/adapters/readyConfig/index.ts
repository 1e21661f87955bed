import type { AdapterKind } from '../../../contract/adapterTopics';
import { esphomeConfig } from './esphome';
import { shellyConfig } from './shelly';
import { tasmotaConfig } from './tasmota';
import type { ConfigWriter } from './types';
import { zigbee2mqttConfig } from './zigbee2mqtt';

/** The ready configuration of each ecosystem, credentials filled in (shown once, with the password). */
export const READY_CONFIGS: Record<AdapterKind, ConfigWriter> = {
  zigbee2mqtt: zigbee2mqttConfig,
  esphome: esphomeConfig,
  tasmota: tasmotaConfig,
  shelly: shellyConfig,
};
