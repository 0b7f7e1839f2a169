import { describe, expect, it } from 'vitest';
import { boundInputPending, type InputPending } from '../../web/src/editor/parse-slices.js';

/** A scheduling object whose real answer and clock the test sets, and its task ends. */
function setup(budget: number) {
  let now = 0;
  let pending = false;
  const ends: (() => void)[] = [];
  const scheduling: InputPending = { isInputPending: () => pending };
  const undo = boundInputPending(
    scheduling,
    budget,
    () => now,
    (f) => ends.push(f),
  );
  return {
    scheduling,
    undo,
    advance: (ms: number) => {
      now += ms;
    },
    input: (p: boolean) => {
      pending = p;
    },
    endTask: () => {
      for (const f of ends.splice(0)) f();
    },
  };
}

describe('boundInputPending', () => {
  it('answers false within the budget of a task, true once it is spent', () => {
    const s = setup(25);
    expect(s.scheduling.isInputPending()).toBe(false);
    s.advance(24);
    expect(s.scheduling.isInputPending()).toBe(false);
    s.advance(1);
    expect(s.scheduling.isInputPending()).toBe(true);
  });

  it('gives each task its own budget, counted from its first question', () => {
    const s = setup(25);
    s.scheduling.isInputPending();
    s.advance(30);
    expect(s.scheduling.isInputPending()).toBe(true);
    s.endTask();
    s.advance(500);
    expect(s.scheduling.isInputPending()).toBe(false);
    s.advance(10);
    expect(s.scheduling.isInputPending()).toBe(false);
  });

  it('still answers true when input is really pending', () => {
    const s = setup(25);
    s.input(true);
    expect(s.scheduling.isInputPending()).toBe(true);
  });

  it('is undone by what it returns', () => {
    const s = setup(0);
    s.advance(1);
    s.undo();
    expect(s.scheduling.isInputPending()).toBe(false);
  });
});
