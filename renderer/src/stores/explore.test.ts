import { beforeEach, describe, expect, it } from 'vitest';
import { useExplore } from './explore';

describe('explore store', () => {
  beforeEach(() => useExplore.getState().setExtent({ from: 0, to: 1000 }));

  it('zooms, pans, scales around a point and resets to the extent', () => {
    const s = useExplore.getState();
    s.zoom({ from: 100, to: 300 });
    expect(useExplore.getState().range).toEqual({ from: 100, to: 300 });
    useExplore.getState().pan(0.5);
    expect(useExplore.getState().range).toEqual({ from: 200, to: 400 });
    useExplore.getState().scale(0.5, 300);
    expect(useExplore.getState().range).toEqual({ from: 250, to: 350 });
    useExplore.getState().reset();
    expect(useExplore.getState().range).toEqual({ from: 0, to: 1000 });
  });

  it('ignores a zoom narrower than 10 ms', () => {
    useExplore.getState().zoom({ from: 5, to: 9 });
    expect(useExplore.getState().range).toEqual({ from: 0, to: 1000 });
  });
});
