/** The durable scheduler: what the composition root and the admin routes use. */
export { Scheduler, type SchedulerOptions, type RecurringJob, type TickReport, type JobFilter, type JobRecord } from './scheduler';
export type { JobSpec, JobRun, JobContext, JobHandler, JobQueue } from './types';
export { exponentialBackoff, defaultBackoff, type Backoff } from './backoff';
export { CronSchedule, CronSyntaxError } from './cron';
export { occurrenceKey } from './recurring';
