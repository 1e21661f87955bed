import type { AdapterKind } from '../../../contract/adapterTopics';
import { translateEsphome } from './esphome';
import { translateShelly } from './shelly';
import { translateTasmota } from './tasmota';
import type { Translator } from './types';
import { translateZigbee2mqtt } from './zigbee2mqtt';

/** The translator of each ecosystem. */
export const TRANSLATORS: Record<AdapterKind, Translator> = {
  zigbee2mqtt: translateZigbee2mqtt,
  esphome: translateEsphome,
  tasmota: translateTasmota,
  shelly: translateShelly,
};
