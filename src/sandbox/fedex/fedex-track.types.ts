/**
 * The parts of the FedEx Track API response (track.openapi.json `TrkcResponseVO_TrackingNumber`) the
 * emulator fills, shaped like live answers: strings for counts ("deliveryAttempts": "0"), "" for
 * absent codes, and empty objects where FedEx has nothing (`"window": {}`, `"returnDetail": {}`).
 */

export interface FedexAddress {
  streetLines?: string[];
  city?: string;
  stateOrProvinceCode?: string;
  postalCode?: string;
  countryCode?: string;
  residential: boolean;
  countryName?: string;
}

export interface FedexDelayDetail {
  type?: string;
  subType?: string;
  status?: 'DELAYED' | 'ON_TIME' | 'EARLY';
}

export interface FedexScanEvent {
  /** ISO-8601 local time with its offset. */
  date: string;
  eventType: string;
  eventDescription: string;
  exceptionCode: string;
  exceptionDescription: string;
  scanLocation: FedexAddress;
  locationId?: string;
  locationType: string;
  derivedStatusCode: string;
  derivedStatus: string;
  delayDetail?: FedexDelayDetail;
}

export interface FedexAncillaryDetail {
  reason: string;
  reasonDescription: string;
  action: string;
  actionDescription: string;
}

export interface FedexStatusDetail {
  code: string;
  derivedCode: string;
  statusByLocale: string;
  description: string;
  scanLocation: FedexAddress;
  ancillaryDetails?: FedexAncillaryDetail[];
  delayDetail?: FedexDelayDetail;
}

export type FedexDateType = 'ACTUAL_DELIVERY' | 'ACTUAL_PICKUP' | 'ACTUAL_TENDER' | 'SHIP' | 'ESTIMATED_DELIVERY';

export interface FedexDateAndTime {
  type: FedexDateType;
  dateTime: string;
}

export interface FedexTimeWindow {
  type?: 'ESTIMATED_DELIVERY';
  window: { begins?: string; ends?: string };
}

export interface FedexDeliveryDetails {
  receivedByName?: string;
  signedByName?: string;
  locationType?: string;
  locationDescription?: string;
  deliveryAttempts: string;
}

export interface FedexServiceCommitMessage {
  type: string;
  message: string;
}

/** `holdAtLocation` (track.openapi.json `LocationDetail1`), as in FedEx's sandbox answer for a HAL parcel. */
export interface FedexHoldAtLocation {
  locationContactAndAddress: { address: FedexAddress };
  locationId: string;
  locationType: string;
}

export interface FedexPartyInformation {
  contact: Record<string, never>;
  address: FedexAddress;
}

export interface FedexTrackResult {
  trackingNumberInfo: { trackingNumber: string; carrierCode: string; trackingNumberUniqueId: string };
  additionalTrackingInfo?: { nickname: string; hasAssociatedShipments: boolean };
  shipperInformation?: FedexPartyInformation;
  recipientInformation?: FedexPartyInformation;
  latestStatusDetail?: FedexStatusDetail;
  dateAndTimes?: FedexDateAndTime[];
  availableImages?: { type: 'SIGNATURE_PROOF_OF_DELIVERY' }[];
  specialHandlings?: { type: string; description: string; paymentType: string }[];
  packageDetails?: {
    packagingDescription: { type: string; description: string };
    count: string;
    weightAndDimensions: { weight: { value: string; unit: 'LB' | 'KG' }[] };
  };
  scanEvents?: FedexScanEvent[];
  deliveryDetails?: FedexDeliveryDetails;
  originLocation?: { locationContactAndAddress: { address: FedexAddress } };
  destinationLocation?: { locationContactAndAddress: { address: FedexAddress } };
  serviceCommitMessage?: FedexServiceCommitMessage;
  holdAtLocation?: FedexHoldAtLocation;
  customDeliveryOptions?: { type: string; status: string }[];
  serviceDetail?: { type: string; description: string; shortDescription: string };
  standardTransitTimeWindow?: FedexTimeWindow;
  estimatedDeliveryTimeWindow?: FedexTimeWindow;
  returnDetail?: Record<string, never>;
  /** Alone, with an empty carrier code, when FedEx does not know the number. */
  error?: { code: string; message: string };
}

export interface FedexCompleteTrackResult {
  /** The number as the client sent it. */
  trackingNumber: string;
  trackResults: FedexTrackResult[];
}

export interface FedexTrackResponse {
  transactionId: string;
  customerTransactionId?: string;
  output: { completeTrackResults: FedexCompleteTrackResult[] };
}
