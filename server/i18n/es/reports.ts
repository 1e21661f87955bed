import type { ServerWords } from '../en/index';

export const reports: ServerWords['reports'] = {
  kinds: {
    brokenDoor: 'puerta rota',
    dirty: 'sucio',
    notCold: 'no enfría',
    emptyButSaysFull: 'vacío aunque dice lleno',
    other: 'otro problema',
  },
  title: (fridge, kind) => `Aviso de un vecino en ${fridge}: ${kind}`,
  reportedAt: (time) => `Un vecino lo avisó a las ${time}.`,
  theyWrote: (text) => `Escribió: «${text}»`,
  resolveIt:
    'Márquelo como resuelto en la lista de avisos de los organizadores cuando esté arreglado; hasta entonces la página pública lo muestra.',
};
