import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PausableInterval } from '../../../src/remote/pausableInterval';

describe('PausableInterval', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never ticks while nothing wants it', () => {
    const tick = vi.fn();
    const interval = new PausableInterval(1000, tick);
    vi.advanceTimersByTime(10_000);
    expect(tick).not.toHaveBeenCalled();
    expect(interval.running).toBe(false);
  });

  it('ticks at once when first wanted, then every period, and stops when the last reason goes', () => {
    const tick = vi.fn();
    const interval = new PausableInterval(1000, tick);
    interval.want('runs view', true);
    expect(tick).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(tick).toHaveBeenCalledTimes(4);
    // A second reason neither ticks again nor doubles the rate.
    interval.want('viewer', true);
    vi.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(5);
    interval.want('runs view', false);
    vi.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(6);
    interval.want('viewer', false);
    expect(interval.running).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(tick).toHaveBeenCalledTimes(6);
  });

  it('takes a new period without starting when paused, and restarts with it when running', () => {
    const tick = vi.fn();
    const interval = new PausableInterval(1000, tick);
    interval.setPeriod(500);
    expect(interval.running).toBe(false);
    interval.want('view', true);
    vi.advanceTimersByTime(1000);
    expect(tick).toHaveBeenCalledTimes(3);
    interval.setPeriod(2000);
    vi.advanceTimersByTime(1999);
    expect(tick).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1);
    expect(tick).toHaveBeenCalledTimes(4);
    interval.dispose();
    vi.advanceTimersByTime(10_000);
    expect(tick).toHaveBeenCalledTimes(4);
  });
});
