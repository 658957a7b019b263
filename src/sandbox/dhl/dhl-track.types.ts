/**
 * The parts of the DHL Shipment Tracking - Unified API response (carriers.md §3.3) the emulator
 * fills, in the shape DHL Express answers with: events carry only a time, a locality and a
 * description, while the shipment's own status carries the status code. Unlike live Express, times
 * carry an offset (see dhl-render.ts).
 */

export interface DhlAddress {
  addressLocality: string;
  countryCode?: string;
  postalCode?: string;
}

export interface DhlLocation {
  address: DhlAddress;
}

export type DhlStatusCode = 'pre-transit' | 'transit' | 'delivered' | 'failure' | 'unknown';

export interface DhlEvent {
  /** Local time at the scan with its offset, e.g. `2026-03-02T07:00:00-08:00`. */
  timestamp: string;
  location: DhlLocation;
  description: string;
}

export interface DhlCurrentStatus extends DhlEvent {
  statusCode: DhlStatusCode;
  status: string;
  remark?: string;
  nextSteps?: string;
}

export interface DhlPlace {
  address: DhlAddress;
  servicePoint?: { url: string; label: string };
}

export interface DhlProofOfDelivery {
  timestamp: string;
  documentUrl: string;
  signatureUrl?: string;
  signed: { '@type': 'Person'; name: string };
}

export interface DhlShipmentDetails {
  product: { productName: string };
  proofOfDelivery?: DhlProofOfDelivery;
  proofOfDeliverySignedAvailable: boolean;
  totalNumberOfPieces: number;
  pieceIds: string[];
  weight: { value: number; unitText: 'kg' };
}

export interface DhlShipment {
  id: string;
  service: 'express';
  origin: DhlPlace;
  destination: DhlPlace;
  status: DhlCurrentStatus;
  estimatedTimeOfDelivery?: string;
  estimatedDeliveryTimeFrame?: { estimatedFrom: string; estimatedThrough: string };
  estimatedTimeOfDeliveryRemark?: string;
  serviceUrl: string;
  returnFlag: boolean;
  details: DhlShipmentDetails;
  /** Newest first. */
  events: DhlEvent[];
}

export interface DhlTrackResponse {
  shipments: DhlShipment[];
}

/** `application/problem+json` (RFC 7807), DHL's envelope for every error. */
export interface DhlProblem {
  title: string;
  status: number;
  detail: string;
  instance?: string;
}
