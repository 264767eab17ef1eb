export { CommunityService, type LeaderFacts, type Attribution } from './community.service';
export { LeaderApplications, leaderTransitions, newLeaderCode, type LeaderApplication, type LeaderApplicationInput } from './leader-applications';
export { LeaderBindings, type Binding, type BindOutcome } from './bindings';
