export { CommunityService, type LeaderFacts, type Attribution } from './community.service';
