/** The only place that reads the wall clock. Tests pass a ManualClock and move time by hand. */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | number = Date.UTC(2026, 10, 22, 2, 0, 0)) { this.t = +start; }
  now(): Date { return new Date(this.t); }
  set(to: Date | number): void { this.t = +to; }
  advance(ms: number): Date { this.t += ms; return this.now(); }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
