/**
 * The parts of the USPS Tracking 3.2.6 answers (`TrackingDetails`, `TrackingSummary`) the emulator
 * fills, typed the way live answers are: booleans as the strings "true"/"false" and absent values
 * as null (karrio fixture), although the OpenAPI types them as booleans and omits them.
 */

export type UspsBooleanText = 'true' | 'false';

export interface UspsTrackingEvent {
  eventType: string;
  /** Local time at the scan, truncated to the minute, no offset: "2024-11-22T13:58:00". */
  eventTimestamp: string;
  /** The same instant in UTC, with its seconds: "2024-11-22T18:58:40Z". */
  GMTTimestamp: string;
  GMTOffset: string;
  eventCountry: string | null;
  eventCity: string | null;
  eventState: string | null;
  eventZIP: string | null;
  firm: string | null;
  name: string | null;
  authorizedAgent: UspsBooleanText;
  eventCode: string | null;
}

export interface UspsTrackingDetails {
  trackingNumber: string;
  destinationCity: string;
  destinationState: string;
  destinationZIP: string;
  emailEnabled: UspsBooleanText;
  kahalaIndicator: UspsBooleanText;
  mailClass: string;
  mailType: string;
  originCity: string;
  originState: string;
  originZIP: string;
  proofOfDeliveryEnabled: UspsBooleanText;
  restoreEnabled: UspsBooleanText;
  RRAMEnabled: UspsBooleanText;
  RREEnabled: UspsBooleanText;
  services: string[];
  serviceTypeCode: string;
  status: string;
  statusCategory: string;
  statusSummary: string;
  tableCode: string;
  uniqueMailPieceID: string;
  mailPieceIntakeDate: string;
  expectedDeliveryTimeStamp?: string;
  expectedDeliveryType?: string;
  predictedDeliveryDate?: string;
  predictedDeliveryWindowStartTime?: string;
  predictedDeliveryWindowEndTime?: string;
  /** While held for pickup: the day it goes back to the sender. */
  returnDateNotice?: string;
  /** Newest first. */
  trackingEvents: UspsTrackingEvent[];
}

export interface UspsTrackingSummary {
  trackingNumber: string;
  expectedDeliveryDate?: string;
  expectedDeliveryTime?: string;
  /** Newest first: the status sentence, then one line per older event. */
  eventSummaries: string[];
}
