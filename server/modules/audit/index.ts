export { AuditService } from './audit.service';
