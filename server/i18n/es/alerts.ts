import type { ServerWords } from '../en/index';

export const alerts: ServerWords['alerts'] = {
  unit: { fridge: 'refrigerador', freezer: 'congelador' },
  summary: {
    tooWarm: (fridge, unit, critical, lasted, celsius, steadyRise) =>
      `${fridge}: ${unit} ${critical ? 'a temperatura peligrosa' : 'demasiado caliente'} durante ${lasted}${
        celsius === null ? '' : ` (${celsius})`
      }${steadyRise ? ', subiendo sin parar con la puerta cerrada: ¿un corte de luz o un compresor averiado?' : ''}`,
    tooCold: (fridge, celsius) =>
      `${fridge}: demasiado frío${celsius === null ? '' : ` (${celsius})`}, la comida puede congelarse`,
    doorAjar: (fridge, lasted) => `${fridge}: puerta abierta durante ${lasted}`,
    doorSwitchFaulty: (fridge, lasted) =>
      `${fridge}: puede que falle el sensor de la puerta (abierta ${lasted} sin que se moviera ningún estante)`,
    deviceSilent: (fridge, devices, offline, lasted) =>
      `${fridge}: el sensor ${devices} ${offline ? 'se desconectó' : 'no envía datos'} hace ${lasted}`,
    probeSilent: (fridge, lasted) =>
      `${fridge}: sin temperatura desde hace ${lasted}; puede que la sonda esté desenchufada`,
    lowBattery: (fridge, percent, devices) => `${fridge}: batería baja (${percent} %) en ${devices}`,
    shelf: (shelfId, reason) => `estante ${shelfId} (${reason})`,
    sensorFault: (fridge, shelves) => `${fridge}: falla la celda de carga en ${shelves}`,
  },
  faultReasons: {
    stuck: 'lectura atascada',
    'out-of-range': 'lectura fuera de rango',
    jumping: 'lecturas que saltan',
    'changed-while-shut': 'el peso cambió con la puerta cerrada',
    unknown: 'no fiable',
  },
  warmAdvice: {
    fridge: (critical) =>
      critical
        ? 'no llevarse carne, lácteos, comida cocinada ni otros perecederos'
        : 'no llevarse carne, lácteos ni comida cocinada',
    freezer: (critical) =>
      critical
        ? 'la comida puede haberse descongelado: no llevarse carne, pescado ni platos preparados'
        : 'la comida puede estar empezando a descongelarse: llevarse solo lo que vaya a cocinar hoy',
  },
  advice: {
    tooWarm: (neighbours) =>
      `A los vecinos se les pide ${neighbours}. Revise el enchufe y el termostato; pase los perecederos a un refrigerador que funcione.`,
    tooCold: 'Suba el termostato un punto; revise si se congelaron la leche, los huevos o la ensalada.',
    doorAjar: 'Que alguien cerca cierre la puerta; el refrigerador se calienta mientras está abierta.',
    doorSwitchFaulty:
      'Nadie ha tocado los estantes mientras la puerta figura abierta: revise el sensor de la puerta y su imán.',
    deviceSilent:
      'Las cifras de la página pública son antiguas hasta que vuelva a enviar datos. Revise su alimentación y el wifi.',
    probeSilent:
      'El aparato sigue enviando datos, pero su sonda de temperatura no: revise la sonda y su cable.',
    lowBattery: 'Cambie o cargue la batería antes de que el sensor deje de enviar datos.',
    sensorFault:
      'La cifra de comida no tiene en cuenta este estante hasta que vuelva a medir bien. Revise su celda de carga y el cableado.',
  },
  notice: {
    since: (time) => `Desde las ${time}.`,
    nowCritical: (time) => `Ahora es crítica (desde las ${time}).`,
    widened: (time, waited) =>
      `Desde las ${time}. Nadie la ha atendido en ${waited}, así que se avisa a más voluntarios.`,
    still: (summary) => `Sigue: ${summary}`,
    dailyReminder: 'Un recordatorio diario hasta que alguien la atienda.',
    reminder: 'Nadie la ha atendido todavía; se vuelve a enviar hasta que alguien lo haga.',
    resolvedTitle: (summary) => `Resuelta: ${summary}`,
    lasted: (lasted, from, to, peak) =>
      `Duró ${lasted}, de las ${from} a las ${to}${peak === null ? '' : `; el máximo fue ${peak}`}.`,
    actionNoted: (note) => `Medida anotada: ${note}`,
    address: (address) => `Dirección: ${address}`,
    acknowledge: 'Me encargo yo',
  },
  ackPage: {
    resolvedTitle: 'Ya está resuelta',
    resolvedByItself: (summary) => `${summary}: se resolvió sola.`,
    onItTitle: 'Alguien se está encargando',
    acknowledgedIt: (who) => `${who ?? 'Alguien'} dijo que se encarga.`,
    explainHtml: (nameHtml) =>
      `Al confirmar, los demás saben que usted, ${nameHtml}, se encarga; dejan de enviarse avisos.`,
    noteLabel: '¿Qué hizo? (queda en el registro de temperaturas)',
    button: 'Me encargo yo',
    thanksTitle: 'Gracias',
    acknowledgedBy: (name) => `${name} se encarga.`,
    nothingToAcknowledge: 'Aquí no hay nada que atender',
  },
};
