/**
 * State machines are data: a table of allowed transitions. Every status change in the product checks its
 * table through `assertTransition` and is then written with a compare-and-set update.
 */
import { IllegalTransitionError } from './errors';

export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(t: Transitions<S>, from: S, to: S): boolean {
  return t[from]?.includes(to) ?? false;
}

export function assertTransition<S extends string>(t: Transitions<S>, entity: string, from: S, to: S): void {
  if (!canTransition(t, from, to)) throw new IllegalTransitionError(entity, from, to);
}

export function nextStates<S extends string>(t: Transitions<S>, from: S): readonly S[] {
  return t[from] ?? [];
}
