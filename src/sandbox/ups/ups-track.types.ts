/**
 * The parts of the UPS Track API response (Tracking.yaml `TrackApiResponse`) the emulator fills.
 * Every value is a string, as UPS sends it, except `packageCount`, which the spec and live responses
 * give as an integer.
 */

export interface UpsStatus {
  type: string;
  code: string;
  statusCode: string;
  description: string;
  simplifiedTextDescription?: string;
}

export interface UpsAddress {
  city?: string;
  stateProvince?: string;
  postalCode?: string;
  country: string;
  countryCode: string;
}

export interface UpsActivity {
  date: string;
  time: string;
  gmtDate: string;
  gmtTime: string;
  gmtOffset: string;
  location: { address: UpsAddress };
  status: UpsStatus;
}

export interface UpsDeliveryDate {
  type: 'SDD' | 'RDD' | 'DEL';
  date: string;
}

export type UpsDeliveryTime =
  | { type: 'EOD' }
  | { type: 'EDW'; startTime: string; endTime: string }
  | { type: 'DEL'; endTime: string };

export interface UpsDeliveryInformation {
  receivedBy: string;
  location: string;
  signature?: { image: string };
}

export interface UpsPackage {
  trackingNumber: string;
  deliveryDate?: UpsDeliveryDate[];
  deliveryTime?: UpsDeliveryTime;
  activity: UpsActivity[];
  currentStatus: UpsStatus;
  packageAddress: { type: 'ORIGIN' | 'DESTINATION'; address: UpsAddress }[];
  weight: { unitOfMeasurement: 'LBS'; weight: string };
  service: { code: string; levelCode: string; description: string };
  deliveryInformation?: UpsDeliveryInformation;
  accessPointInformation?: { pickupByDate: string };
  packageCount: number;
}

export interface UpsWarning {
  code: string;
  message: string;
}

export interface UpsShipment {
  inquiryNumber: string;
  package?: UpsPackage[];
  warnings?: UpsWarning[];
}

export interface UpsTrackResponse {
  trackResponse: { shipment: UpsShipment[] };
}
