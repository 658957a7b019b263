import { Carrier, Milestone } from '../../../workflows/shared/vocabulary';
import type { MessageFacts } from './facts';
import type { Messages, SmsFact } from './messages';

const parcelOf = (f: MessageFacts): string => `tu paquete del pedido ${f.orderId}`;
/** The fact with its detail wordings, most complete first; empty ones are left out. */
const withDetail = (fact: string, ...details: Array<string | undefined | false>): SmsFact => {
  const given = details.filter((d): d is string => Boolean(d));
  return given.length ? { fact, details: given } : { fact };
};

/**
 * Spanish, neutral (tuteo, understood in Spain and Latin America). The SMS texts avoid á, í, ó and ú
 * where the wording allows: those letters are not in the GSM-7 alphabet and would make the whole
 * text UCS-2, which halves what fits in a segment (70 characters instead of 160).
 */
export const es: Messages = {
  defaultLocale: 'es',
  htmlLang: 'es',
  theCarrier: (carrier, position) => carrier || (position === 'start' ? 'El transportista' : 'el transportista'),

  subject: {
    [Milestone.ORDER_RECEIVED]: (id) => `Hemos recibido tu pedido ${id}`,
    [Milestone.SHIPPED]: (id) => `Tu pedido ${id} ya está en camino`,
    [Milestone.OUT_FOR_DELIVERY]: (id) => `Tu pedido ${id} está en reparto`,
    [Milestone.DELIVERED]: (id) => `Tu pedido ${id} se ha entregado`,
    [Milestone.DELAYED]: (id) => `Tu pedido ${id} lleva retraso`,
    [Milestone.DELIVERY_ATTEMPTED]: (id) => `No hemos podido entregar tu pedido ${id}`,
    [Milestone.AVAILABLE_FOR_PICKUP]: (id) => `Tu pedido ${id} está listo para recoger`,
    [Milestone.RETURNING]: (id) => `Tu pedido ${id} está volviendo al remitente`,
    [Milestone.RETURNED]: (id) => `Tu pedido ${id} se ha devuelto al remitente`,
    [Milestone.LOST]: (id) => `Tu pedido ${id} se ha perdido durante el transporte`,
    [Milestone.DISPUTE_OPENED]: (id) => `Hemos recibido tu aviso sobre el pedido ${id}`,
    [Milestone.DISPUTE_RESOLVED]: (id) => `Novedades sobre tu aviso del pedido ${id}`,
  },

  email: {
    greeting: (name) => `Hola, ${name}:`,
    signature: (brand) => `— ${brand}`,
    headline: {
      [Milestone.ORDER_RECEIVED]: () => '¡Gracias por tu pedido!',
      [Milestone.SHIPPED]: (f) => `Tu pedido ${f.orderId} está en camino.`,
      [Milestone.OUT_FOR_DELIVERY]: (f) => `Tu paquete del pedido ${f.orderId} está hoy en reparto.`,
      [Milestone.DELIVERED]: (f) => `Tu paquete del pedido ${f.orderId} se ha entregado.`,
      [Milestone.DELAYED]: (f) =>
        f.delayReason === 'promise_missed'
          ? `Tu paquete del pedido ${f.orderId} no llegó el día que te prometimos. Sentimos la espera.`
          : f.delayReason === 'estimate_slipped'
            ? `${es.theCarrier(f.carrier, 'start')} ha retrasado la entrega de ${parcelOf(f)}.`
            : `Tu paquete del pedido ${f.orderId} lleva retraso.`,
      [Milestone.DELIVERY_ATTEMPTED]: (f) => `${es.theCarrier(f.carrier, 'start')} intentó entregar ${parcelOf(f)}, pero no pudo.`,
      [Milestone.AVAILABLE_FOR_PICKUP]: (f) => `Tu paquete del pedido ${f.orderId} está listo para recoger.`,
      [Milestone.RETURNING]: (f) => `Tu paquete del pedido ${f.orderId} está volviendo al remitente.`,
      [Milestone.RETURNED]: (f) => `Tu paquete del pedido ${f.orderId} se ha devuelto al remitente.`,
      [Milestone.LOST]: (f) => `Lo sentimos: ${es.theCarrier(f.carrier, 'inner')} ha perdido ${parcelOf(f)}.`,
      [Milestone.DISPUTE_OPENED]: (f) =>
        `Hemos recibido tu aviso de que ${f.hasParcel ? 'tu paquete del pedido' : 'el pedido'} ${f.orderId} no ha llegado.`,
      [Milestone.DISPUTE_RESOLVED]: (f) =>
        f.disputeResolution === 'refunded'
          ? `Hemos cerrado tu aviso sobre el pedido ${f.orderId} con un reembolso.`
          : `Hemos cerrado tu aviso sobre el pedido ${f.orderId}.`,
    },
    carrier: (name) => `Transportista: ${name}`,
    trackingNumber: (n) => `Número de seguimiento: ${n}`,
    estimateBetween: (from, to) => `Entrega estimada: entre el ${from} y el ${to}`,
    estimateOn: (day) => `Entrega estimada: ${day}`,
    orderReceived: (id) => `Hemos recibido el pedido ${id} y te avisaremos en cuanto se envíe.`,
    deliveredAt: (when) => `Entregado: ${when}`,
    signedBy: (name) => `Firmado por: ${name}`,
    leftAt: (place) => `Dejado en: ${place}`,
    newDate: (day) => `Ahora se espera para el ${day}.`,
    noNewDate: (carrier) =>
      `${es.theCarrier(carrier, 'start')} todavía no ha dado una nueva fecha de entrega; te la comunicaremos en cuanto la tengamos.`,
    attempt: (n) => `Este fue el intento de entrega n.º ${n}.`,
    finalAttempt: (n) => `Este fue el último intento de entrega (intento n.º ${n}).`,
    reattempt: (carrier, day) => `${es.theCarrier(carrier, 'start')} lo volverá a intentar el ${day}.`,
    takenToPickup: (carrier) => `${es.theCarrier(carrier, 'start')} ha llevado tu paquete a un punto de recogida, donde puedes recogerlo.`,
    pickupLocation: (name) => `Punto de recogida: ${name}`,
    address: (address) => `Dirección: ${address}`,
    heldUntil: (day) => `Lo guardarán allí hasta el ${day}.`,
    rescheduleHow: (link, carrier, carrierName) =>
      carrier === Carrier.USPS
        ? `Para programar una nueva entrega, solicita ${link.service} con tu número de seguimiento.`
        : `Para programar una nueva entrega, abre la página de seguimiento de ${carrierName} y elige otra fecha u otro lugar con ${link.service}.`,
    rescheduleLabel: (service) => `Reprogramar con ${service}`,
    returnUnlessRedelivered: 'Si no se vuelve a entregar ni se recoge a tiempo, se devolverá al remitente.',
    returnUnlessCollectedBy: (day) => `Si no se recoge a más tardar el ${day}, se devolverá al remitente.`,
    returnUnlessCollected: 'Si no se recoge a tiempo, se devolverá al remitente.',
    pickupPlaceUnknown: (carrier) => `${es.theCarrier(carrier, 'start')} lo guarda en un punto de recogida; la página de seguimiento indica dónde.`,
    collectBy: (day) => `Recógelo a más tardar el ${day}.`,
    returningNotice: 'Te avisaremos cuando haya llegado de vuelta.',
    refund: (amount) => `Reembolso: ${amount}`,
    disputeSupport: 'Nuestro equipo de atención al cliente lo revisará y se pondrá en contacto contigo.',
    disputeOnHold: 'Tu pago queda retenido hasta que se resuelva el aviso.',
    disputeReleased: 'Se ha liberado el pago que estaba retenido.',
    stillNeedHelp: 'Si todavía necesitas ayuda, ponte en contacto con nuestro equipo de atención al cliente.',
    trackYourParcel: 'Sigue tu paquete',
    seeYourOrder: 'Ver tu pedido',
    supportPrompt: '¿Tienes preguntas? Escríbenos a',
    footerReason: (brand) => `Recibes este correo porque hiciste un pedido en ${brand}.`,
    unsubscribe: 'Darse de baja',
  },

  sms: {
    text: {
      [Milestone.ORDER_RECEIVED]: (f) => ({ fact: `Hemos recibido tu pedido ${f.orderId}. Te avisaremos cuando salga.` }),
      [Milestone.SHIPPED]: (f) =>
        withDetail(
          `Tu pedido ${f.orderId} ya va en camino con ${es.theCarrier(f.carrier, 'inner')}.`,
          f.estimate && 'day' in f.estimate && `Llega el ${f.estimate.day}.`,
        ),
      [Milestone.OUT_FOR_DELIVERY]: (f) => ({ fact: `Tu pedido ${f.orderId} llega hoy: ya va en reparto.` }),
      [Milestone.DELIVERED]: (f) =>
        withDetail(`Tu pedido ${f.orderId} fue entregado${f.deliveredAt ? ` el ${f.deliveredAt}` : ''}.`, f.signer && `Firmado por ${f.signer}.`),
      [Milestone.DELAYED]: (f) => ({
        fact: f.newDate
          ? `Tu pedido ${f.orderId} llega con retraso. Nueva fecha de entrega: ${f.newDate}.`
          : `Tu pedido ${f.orderId} llega con retraso. Te avisaremos de la nueva fecha.`,
      }),
      [Milestone.DELIVERY_ATTEMPTED]: (f) => {
        const carrier = es.theCarrier(f.carrier, 'start');
        const fact = f.attempt?.final
          ? `${carrier} no pudo entregar tu pedido ${f.orderId} en su intento final.`
          : `${carrier} no pudo entregar tu pedido ${f.orderId}${f.attempt ? ` (intento ${f.attempt.number})` : ''}.`;
        const next = f.next;
        if (next?.kind === 'reattempt') return withDetail(fact, `Lo vuelve a intentar el ${next.day}.`);
        if (next?.kind === 'pickup') {
          const until = next.pickup.holdUntil ? ` hasta el ${next.pickup.holdUntil}` : '';
          return withDetail(fact, next.pickup.name && `Puedes recogerlo en ${next.pickup.name}${until}.`, `Puedes recogerlo en el punto de recogida${until}.`);
        }
        if (next?.kind === 'reschedule') {
          return withDetail(
            fact,
            next.link.url !== f.trackingLink && `Programa una nueva entrega: ${next.link.url}`,
            'Puedes programar una nueva entrega desde el enlace de seguimiento.',
          );
        }
        return { fact };
      },
      [Milestone.AVAILABLE_FOR_PICKUP]: (f) => {
        const until = f.pickup?.holdUntil ? ` hasta el ${f.pickup.holdUntil}` : '';
        return withDetail(
          `Tu pedido ${f.orderId} te espera en un punto de recogida.`,
          f.pickup?.name && `Puedes recogerlo en ${f.pickup.name}${until}.`,
          until && `Puedes recogerlo${until}.`,
        );
      },
      [Milestone.RETURNING]: (f) => ({ fact: `Tu pedido ${f.orderId} vuelve al remitente.` }),
      [Milestone.RETURNED]: (f) => ({ fact: `Tu pedido ${f.orderId} se ha devuelto al remitente.${f.refund ? ` Reembolso: ${f.refund}.` : ''}` }),
      [Milestone.LOST]: (f) => ({
        fact: `Lo sentimos: ${es.theCarrier(f.carrier, 'inner')} ha perdido tu pedido ${f.orderId}.${f.refund ? ` Reembolso: ${f.refund}.` : ''}`,
      }),
      [Milestone.DISPUTE_OPENED]: (f) =>
        withDetail(`Recibimos tu aviso del pedido ${f.orderId}. Te responderemos pronto.`, 'Tu pago queda retenido mientras tanto.'),
      [Milestone.DISPUTE_RESOLVED]: (f) => ({
        fact:
          f.disputeResolution === 'refunded'
            ? `Aviso del pedido ${f.orderId} cerrado con reembolso${f.refund ? ` de ${f.refund}` : ''}.`
            : `Aviso del pedido ${f.orderId} cerrado.${f.disputeResolution === 'released' ? ' El pago retenido se ha liberado.' : ''}`,
      }),
    },
    track: (url) => `Seguimiento: ${url}`,
    trackingPage: (url) => `Tu pedido: ${url}`,
    optOut: 'Responde STOP para darte de baja',
  },
};
