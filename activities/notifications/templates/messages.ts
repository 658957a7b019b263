import type { Carrier, Milestone } from '../../../workflows/shared/vocabulary';
import type { RescheduleLink } from '../carrier-links';
import type { MessageFacts } from './facts';
import type { Language } from './locale';
import { en } from './messages.en';
import { es } from './messages.es';

/**
 * Every customer-facing string, per language. Each language file is typed `Messages`, so a string
 * missing from one is a compile error; `Record<Milestone, …>` makes a new milestone without wording
 * one too. The renderers hold the structure (which facts, in which order); these hold the words.
 */
export interface Messages {
  /** Formats dates and money when the customer's own locale is in another language. */
  defaultLocale: string;
  /** `<html lang>`. */
  htmlLang: string;
  /** The carrier by name, or this language's "the carrier" when there is none. */
  theCarrier(carrier: string, position: 'start' | 'inner'): string;
  /** Email subject (the brand is appended) and push title. */
  subject: Record<Milestone, (orderId: string) => string>;
  email: EmailMessages;
  sms: SmsMessages;
}

export interface EmailMessages {
  greeting(name: string): string;
  signature(brand: string): string;
  headline: Record<Milestone, (f: MessageFacts) => string>;
  carrier(name: string): string;
  trackingNumber(trackingNumber: string): string;
  estimateBetween(from: string, to: string): string;
  estimateOn(day: string): string;
  orderReceived(orderId: string): string;
  deliveredAt(when: string): string;
  signedBy(name: string): string;
  leftAt(place: string): string;
  newDate(day: string): string;
  noNewDate(carrier: string): string;
  attempt(n: number): string;
  finalAttempt(n: number): string;
  reattempt(carrier: string, day: string): string;
  takenToPickup(carrier: string): string;
  pickupLocation(name: string): string;
  address(address: string): string;
  heldUntil(day: string): string;
  /** One sentence: how to arrange a new delivery with the carrier's service. */
  rescheduleHow(link: RescheduleLink, carrier: Carrier, carrierName: string): string;
  rescheduleLabel(service: string): string;
  /** A final attempt: what sends the parcel back. */
  returnUnlessRedelivered: string;
  returnUnlessCollectedBy(day: string): string;
  returnUnlessCollected: string;
  pickupPlaceUnknown(carrier: string): string;
  collectBy(day: string): string;
  returningNotice: string;
  refund(amount: string): string;
  disputeSupport: string;
  disputeOnHold: string;
  disputeReleased: string;
  stillNeedHelp: string;
  trackYourParcel: string;
  seeYourOrder: string;
  supportPrompt: string;
  /** Why the customer gets this email, above the unsubscribe link. */
  footerReason(brand: string): string;
  unsubscribe: string;
}

/**
 * One SMS (and push body): the fact, always sent, and the optional detail in one or more wordings,
 * most complete first. When the text runs long the renderer takes the first wording that fits, or none.
 */
export interface SmsFact {
  fact: string;
  details?: string[];
}

export interface SmsMessages {
  text: Record<Milestone, (f: MessageFacts) => SmsFact>;
  track(url: string): string;
  trackingPage(url: string): string;
  /** The opt-out instruction every SMS ends with. */
  optOut: string;
}

const CATALOGUE: Record<Language, Messages> = { en, es };

export function messagesFor(language: Language): Messages {
  return CATALOGUE[language];
}
