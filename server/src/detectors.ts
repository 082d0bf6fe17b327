/**
 * The detectors the workers run before each settlement, composed here where the app is
 * composed: each module exports its own, and scoring (the framework) imports none of them.
 * A module with new detectors adds them to this list, and nothing else changes.
 */
import { DetectorRegistry, type Detector } from './modules/scoring/scoring.detectors.ts';
import { g09Detector } from './modules/chat/chat.detectors.ts';
import { g05Detector, g10Detector, g16Detector } from './modules/complaints/complaints.detectors.ts';
import { g12Detector, p02Detector, p04Detector, r01Detector, r02Detector, r03Detector } from './modules/orders/orders.detectors.ts';
import { a08Detector, a09Detector, s01Detector } from './modules/disputes/disputes.detectors.ts';
import { a10Detector, r04Detector } from './modules/exchanges/exchanges.detectors.ts';
import { a01Detector } from './modules/aftersale/aftersale.detectors.ts';
import { g04Detector, g14Detector, s02Detector } from './modules/roster/roster.detectors.ts';
import { g01g02Detector, g03aDetector, g03bDetector } from './modules/attendance/attendance.detectors.ts';

const detectors: Detector[] = [
  g09Detector,
  g05Detector,
  g10Detector,
  g16Detector,
  g12Detector,
  r01Detector,
  r02Detector,
  r03Detector,
  p02Detector,
  p04Detector,
  a08Detector,
  s01Detector,
  a09Detector,
  a10Detector,
  r04Detector,
  a01Detector,
  s02Detector,
  g14Detector,
  g04Detector,
  g01g02Detector,
  g03aDetector,
  g03bDetector,
];

export function appDetectors(): DetectorRegistry {
  const registry = new DetectorRegistry();
  for (const detector of detectors) registry.register(detector);
  return registry;
}
