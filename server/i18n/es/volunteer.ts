import type { ServerWords } from '../en/index';

export const volunteer: ServerWords['volunteer'] = {
  stock: {
    manual: 'Un organizador pidió reponerlo.',
    forecast: 'Al ritmo que se lleva la comida, estará vacío en pocas horas.',
    low: 'Le queda poco.',
    level: { empty: 'vacío', few: 'con pocas cosas', low: 'con poca comida' },
    itIs: (state, weight) =>
      `Está ${state}${weight === null ? '' : ` (${weight.kg} kg de ${weight.capacityKg} kg)`}.`,
  },
  notice: {
    needsRestocking: (fridge) => `${fridge} necesita comida`,
    stillNeeds: (fridge) => `${fridge} sigue necesitando comida`,
    needsAgain: (fridge) => `${fridge} vuelve a necesitar comida`,
    address: (address) => `Dirección: ${address}`,
    escalated: (duration) => `Nadie lo ha tomado en ${duration}, así que se avisa a más voluntarios.`,
    waited: (duration) => `La solicitud lleva ${duration} esperando.`,
    released: (name) => `${name} al final no puede ir.`,
    reopened: (name) => `${name} no pudo llegar a tiempo.`,
    theVolunteer: 'El voluntario',
    howToClaim:
      'El enlace muestra la solicitud; con un toque allí la toma, y nadie más va. Después puede indicar cuándo llega.',
    claim: 'Yo lo lleno',
    updateNeeds: 'Actualizar lo que necesita este refrigerador',
    etaPassedTitle: (fridge) => `Su reposición en ${fridge}: pasó la hora prevista`,
    planned: (time) =>
      `Pensaba llegar ${time === null ? 'ya' : `a las ${time}`}; todavía no se ve comida nueva.`,
    releaseOrReopens: (time) =>
      `Si no puede ir, suéltela para que vaya otra persona. Si no, se abre a los demás a las ${time}.`,
    release: 'Si no puede ir, suéltela para que vaya otra persona.',
    changeEta: 'Cambiar la hora o soltarla',
    thanksTitle: (fridge) => `¡Gracias! ${fridge} volvió a llenarse`,
    arrived: (kg, duration) =>
      `${kg === null ? 'Llegó comida' : `Llegaron ${kg} kg de comida`}, ${duration} después de abrirse la solicitud. Los vecinos lo verán en el estado en vivo.`,
    cancelledTitle: (fridge) => `No hace falta ir: se canceló la solicitud de ${fridge}`,
    cancelled: 'Un organizador canceló la solicitud de reposición que usted tomó. Gracias por ofrecerse.',
    expiredTitle: (fridge) => `La solicitud de reposición de ${fridge} venció sin que nadie la tomara`,
    expired: (duration) => `Nadie la tomó en ${duration}.`,
    newRequest: 'Si el refrigerador sigue con poca comida, se abre sola una nueva solicitud.',
    claimedTitle: (fridge) => `Alguien tomó la reposición de ${fridge}`,
    testTitle: 'Aviso de prueba del monitor de refrigeradores comunitarios',
    test: (name) => `Hola, ${name}: esto es una prueba; los avisos le llegan aquí.`,
  },
  claimPage: {
    oneTap: (name) =>
      `${name}, con un toque los demás voluntarios ven que está tomada; después puede indicar cuándo llega.`,
    yoursTitle: '¡Se encarga usted! Gracias',
    yours: (name, eta) =>
      `${name}, la solicitud es suya: los demás voluntarios ven que está tomada, llegada prevista ${eta}.\nCuando entre la comida, el refrigerador lo nota y cierra la solicitud solo.`,
    etaPrompt: 'Llego en:',
    cantGo: 'Al final no puedo ir',
    alreadyClaimedTitle: 'Ya está tomada',
    alreadyClaimed: (name, eta) =>
      `Ya la tomó ${name ?? 'otro voluntario'}, llegada prevista ${eta}. No hace falta ir. ¡Gracias por ofrecerse!`,
    restockedTitle: 'Ya se llenó',
    notNeededTitle: 'Ya no hace falta',
    restocked: (at) => `Ya se llenó${at === null ? '' : ` a las ${at}`}. ¡Gracias de todos modos!`,
    cancelled: (at) =>
      `Un organizador canceló esta solicitud${at === null ? '' : ` a las ${at}`}. No hace falta ir.`,
    expired: (at) =>
      `Esta solicitud venció${at === null ? '' : ` a las ${at}`}. Si el refrigerador sigue con poca comida, le llegará una nueva.`,
    releasedTitle: 'Soltada',
    released: 'Gracias por avisar. Se vuelve a preguntar a otros voluntarios.',
    etaSaved: 'Hora de llegada guardada.',
    badEta: 'La hora de llegada debe estar entre 5 minutos y 24 horas desde ahora.',
    unknownAction: 'Este formulario pide algo que esta página no conoce.',
    nothingToClaim: 'Aquí no hay nada que tomar',
  },
  needsPage: {
    title: (fridge) => `Lo que necesita ${fridge}`,
    intro:
      'Marque lo que deberían traer los vecinos; la página del refrigerador y su pantalla de estado lo muestran enseguida.',
    legend: 'Se necesita ahora',
    note: (max) => `Una nota breve (${max} caracteres como mucho)`,
    save: 'Guardar lo que se necesita',
    saved: 'Guardado: la página del refrigerador ya lo muestra.',
    noteTooLong: (max) => `La nota tiene más de ${max} caracteres. No se guardó nada.`,
    category: {
      produce: 'Frutas y verduras',
      dairy: 'Lácteos',
      bread: 'Pan',
      cookedMeals: 'Comidas preparadas',
      dryGoods: 'Alimentos secos',
      drinks: 'Bebidas',
      hygiene: 'Productos de higiene',
      babyFood: 'Comida para bebés',
    },
  },
  preferences: {
    title: 'Sus avisos',
    hello: (name, fridges) => `Hola, ${name}.${fridges === null ? '' : ` Usted cuida ${fridges}.`}`,
    unsubscribedTitle: 'Se dio de baja',
    unsubscribedText: 'No le llega ningún aviso. Puede volver cuando quiera.',
    subscribeAgain: 'Volver a recibir avisos',
    category: {
      restock: 'Solicitudes de reposición: un refrigerador que usted cuida se queda con poca comida',
      foodSafety:
        'Seguridad alimentaria: un refrigerador está demasiado caliente (le llegan incluso en horas de silencio)',
      deviceHealth: 'Estado de los sensores: un sensor está desconectado o tiene poca batería',
    },
    quietHours:
      'Horas de silencio (solo pasan las alertas de seguridad alimentaria; lo demás espera a que terminen):',
    from: 'de',
    to: 'a',
    noQuietHours: 'Deje ambas vacías si no quiere ninguna.',
    language: 'Idioma de sus avisos y de estas páginas',
    save: 'Guardar',
    unsubscribeAll: 'Darse de baja de todo',
    needsLinks: 'Actualizar lo que un refrigerador necesita que traigan los vecinos:',
    welcomeBack: 'Bienvenido de nuevo: los avisos vuelven a llegarle.',
    badQuietHours: 'Las horas de silencio necesitan ambas horas (HH:MM), o ninguna. No se guardó nada.',
    badLanguage: (code) => `Idioma: este sitio no habla «${code}». No se guardó nada.`,
    saved: 'Guardado.',
    unsubscribeTitle: '¿Darse de baja?',
    unsubscribeText: (name) => `${name}, no le llegará ningún aviso más, de ningún tipo.`,
    unsubscribe: 'Darse de baja',
    unsubscribed: 'Hecho: no recibirá más avisos.',
  },
  refusal: {
    expiredText: 'El próximo aviso trae uno nuevo; un organizador también puede enviarle otro enlace.',
  },
};
