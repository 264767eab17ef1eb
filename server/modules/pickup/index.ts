export { PickupService, type PickupPointFacts } from './pickup.service';
export { PickupPointRegistry, pickupPointTransitions, type PickupPointInput, type PickupPointRecord } from './pickup-points.registry';
export { Shipments, shipmentTransitions, type ShipmentRow } from './shipments';
export {
  VerificationGuard, newPickupCode, normalisePickupCode, formatPickupCode, pickupCodeTail, PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH,
  type VerifyGuard,
} from './pickup-codes';
