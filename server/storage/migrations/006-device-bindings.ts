/**
 * Off-the-shelf sensors (issue 15): a device has a kind (`native` speaks our contract; the others
 * are Zigbee2MQTT, ESPHome, Tasmota, Shelly) and, for those, its own topic root and bindings from
 * its sensors to fridges. `fridge_id` of an adapter device is the fridge of its first binding (or
 * '' before it has any): its bindings say where its readings go.
 */
export const deviceBindingsSchema = `
  ALTER TABLE devices ADD COLUMN kind TEXT NOT NULL DEFAULT 'native';
  ALTER TABLE devices ADD COLUMN topic_root TEXT;
  ALTER TABLE devices ADD COLUMN last_refusal TEXT;
  CREATE TABLE device_bindings (
    device_id TEXT NOT NULL REFERENCES devices(id),
    source TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('door', 'temperature', 'weight', 'battery')),
    fridge_id TEXT NOT NULL,
    shelf_id TEXT,
    invert INTEGER NOT NULL DEFAULT 0,
    unit TEXT,
    attribute TEXT,
    -- 'whole-kg' while a shelf has only ever reported whole kilograms.
    warning TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (device_id, source, role)
  );
  CREATE INDEX device_bindings_by_fridge ON device_bindings(fridge_id);
`;
