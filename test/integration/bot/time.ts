export const SECOND_MS = 1000;
export const MINUTE = 60 * SECOND_MS;
