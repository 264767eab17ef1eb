import { assertTransition, canTransition, nextStates, type Transitions } from '../../../../server/kernel/fsm';
import { IllegalTransitionError } from '../../../../server/kernel/errors';

type Light = 'red' | 'green' | 'yellow';
const t: Transitions<Light> = { red: ['green'], green: ['yellow'], yellow: ['red'] };

describe('kernel/fsm', () => {
  it('allows what the table lists and nothing else', () => {
    expect(canTransition(t, 'red', 'green')).toBe(true);
    expect(canTransition(t, 'red', 'yellow')).toBe(false);
    expect(nextStates(t, 'green')).toEqual(['yellow']);
    expect(() => assertTransition(t, 'light', 'green', 'red')).toThrow(IllegalTransitionError);
  });
});
