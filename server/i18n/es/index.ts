import type { ServerWords } from '../en/index';
import { alerts } from './alerts';
import { reports } from './reports';
import { volunteer } from './volunteer';

/** Spanish, as in dashboard/i18n/es.ts: "usted", no regional words. */
export const words: ServerWords = {
  locale: 'es',
  footer: 'Cambiar lo que recibe, o darse de baja',
  liveStatus: 'Estado en vivo',
  confirmMail: {
    title: (fridge) => `Confirme: noticias de ${fridge}`,
    asked: (fridge) =>
      `Alguien, esperamos que usted, pidió saber por correo cuándo ${fridge} se vuelve a llenar o vuelve a ser seguro.`,
    lapses: (hours, when) =>
      `No se envía nada hasta que confirme. Si no fue usted, ignore este correo: la solicitud vence en ${hours} h (${when}) y la dirección se olvida.`,
    action: 'Confirmar',
  },
  restocked: {
    title: (fridge) => `${fridge} se volvió a llenar`,
    now: (level, kg) => `Ahora: ${level}${kg === null ? '' : `, unos ${kg} kg`}.`,
    foodAgain: 'Vuelve a haber comida.',
    share: 'Tome lo que necesite; comparta lo que pueda.',
  },
  level: { empty: 'vacío', few: 'pocas cosas', many: 'bastante', full: 'lleno' },
  safeAgain: {
    title: (fridge) => `${fridge} vuelve a ser seguro`,
    tooWarm: 'Vuelve a estar frío.',
    tooCold: 'Ya no está demasiado frío.',
    doorAjar: 'Su puerta vuelve a estar cerrada.',
    other: 'Vuelve a ser seguro.',
    over: 'La alerta de seguridad alimentaria terminó.',
  },
  pages: {
    confirmTitle: (fridge) => `Seguir ${fridge}`,
    confirmHtml: (fridgeHtml) =>
      `Recibirá un correo cuando <strong>${fridgeHtml}</strong> se vuelva a llenar o vuelva a ser seguro, como mucho uno cada pocas horas. Cada correo tiene un enlace para dejar de recibirlos.`,
    confirmButton: 'Sí, envíenme estos correos',
    confirmedTitle: (fridge) => `Usted sigue ${fridge}`,
    confirmedHtml: (fridgeHtml) =>
      `Sabrá cuándo <strong>${fridgeHtml}</strong> se vuelve a llenar o vuelve a ser seguro. Cada correo tiene un enlace para dejar de recibirlos.`,
    unsubscribeTitle: (fridge) => `Dejar de recibir correos sobre ${fridge}`,
    unsubscribeText: 'Su dirección se olvida de inmediato; puede volver a seguirlo cuando quiera.',
    unsubscribeButton: 'Dejar de recibir estos correos',
    unsubscribedTitle: 'No más correos',
    unsubscribedHtml: (fridgeHtml) =>
      `No recibirá más correos${fridgeHtml === null ? '' : ` sobre <strong>${fridgeHtml}</strong>`}, y su dirección se olvida.`,
  },
  refusal: {
    expiredTitle: 'Este enlace venció',
    expiredText:
      'Vuelva a pedirlo desde la página del refrigerador, o use el enlace de un correo más reciente.',
    invalidTitle: 'Este enlace no funciona',
    invalidText: 'Puede que se haya cortado al copiarlo.',
    nothingChanged: 'No se cambió nada.',
  },
  followReceipt: 'Si esta dirección puede recibir correo, le llega un mensaje con un enlace de confirmación.',
  duration: (hours, minutes) =>
    hours === 0 ? `${minutes} min` : minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`,
  volunteer,
  alerts,
  reports,
};
