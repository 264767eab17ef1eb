export { PickupService, type PickupPointFacts } from './pickup.service';
