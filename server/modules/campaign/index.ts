export { CampaignService, CAMPAIGN_JOBS, campaignJobKey, type CampaignInput, type CampaignItemInput, type CampaignOwner, type Actor } from './campaign.service';
export type { CampaignRow, CampaignItemRow, TierRow } from './campaign.repository';
export { campaignTransitions, campaignGuard, EDITABLE_FIELDS, type CampaignFacts } from './campaign.state';
export { isThresholdReached, thresholdProgress, tierPrice, reachedTierIndex, validateTiers, validateTimes, unpaidOrderExpiry, type Tier } from './campaign.rules';
export { planReservations, type ReservationRequest, type ReservationDecision } from './reservation';
