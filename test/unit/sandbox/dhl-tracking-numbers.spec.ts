import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTrackingNumber } from '../../../activities/carriers/tracking-numbers';
import {
  dhlExpressCheckDigit,
  dhlPieceId,
  isValidDhlTrackingNumber,
  newDhlTrackingNumber,
  waybillOfPieceId,
} from '../../../src/sandbox/dhl/dhl-tracking-numbers';

interface CourierData {
  tracking_numbers: { id: string; test_numbers: { valid: string[]; invalid: string[] } }[];
}

/** jkeen/tracking_number_data's DHL Express vectors (MIT), as copied into the test fixtures. */
const expressVectors = (): { valid: string[]; invalid: string[] } => {
  const data = JSON.parse(readFileSync(join(__dirname, '../../fixtures/tracking-numbers/dhl.json'), 'utf8')) as CourierData;
  const express = data.tracking_numbers.find((format) => format.id === 'dhl_express');
  if (!express) throw new Error('dhl.json has no dhl_express format');
  return express.test_numbers;
};

describe(newDhlTrackingNumber.name, () => {
  it('should build ten digits whose last is the mod-7 check of the first nine', () => {
    for (let i = 0; i < 500; i++) {
      const number = newDhlTrackingNumber();
      expect(number).toMatch(/^[1-9]\d{9}$/);
      expect(Number(number.slice(0, 9)) % 7).toBe(Number(number[9]));
      expect(isValidDhlTrackingNumber(number)).toBe(true);
    }
  });

  it('should draw different numbers', () => {
    expect(new Set(Array.from({ length: 50 }, () => newDhlTrackingNumber())).size).toBeGreaterThan(45);
  });

  it('should be accepted by Waybill as a DHL number', () => {
    const number = newDhlTrackingNumber();
    expect(validateTrackingNumber(number, 'dhl')).toEqual({ valid: true, carrier: 'dhl', trackingNumber: number });
  });
});

describe(isValidDhlTrackingNumber.name, () => {
  const { valid, invalid } = expressVectors();

  it.each(valid.filter((n) => n.length === 10))('should accept the known-good waybill %s', (number) => {
    expect(isValidDhlTrackingNumber(number)).toBe(true);
  });

  it.each([...invalid, '331881002', '33188100250', 'JD014600006281230704'])('should reject %s', (number) => {
    expect(isValidDhlTrackingNumber(number)).toBe(false);
  });

  it('should compute the check digit the vectors use, 11-digit ones included', () => {
    expect(dhlExpressCheckDigit('331881002')).toBe(5);
    expect(dhlExpressCheckDigit('7389105114')).toBe(6);
    expect(() => dhlExpressCheckDigit('12345678')).toThrow(RangeError);
  });
});

describe('sandbox piece IDs', () => {
  it('should name the one piece after its waybill and find the waybill again', () => {
    expect(dhlPieceId('3318810025')).toBe('JD014600003318810025');
    expect(waybillOfPieceId('JD014600003318810025')).toBe('3318810025');
    expect(waybillOfPieceId('JD014600006281230704')).toBe('6281230704');
    expect(waybillOfPieceId('JVGL0999999990')).toBeNull();
    expect(waybillOfPieceId('3318810025')).toBeNull();
  });
});
