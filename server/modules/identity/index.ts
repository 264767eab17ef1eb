export { IdentityService, type UserRecord, type Session } from './identity.service';
export { TokenService, type SessionClaims } from './tokens';
export { hashPassword, verifyPassword } from './passwords';
