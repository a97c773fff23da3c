import { describe, expect, it } from 'vitest';
import { tabIndexForKey } from '../../client/src/lib/tab-keys';

describe('tab keys (WAI-ARIA tabs pattern)', () => {
  it('moves right and left, wrapping at the ends', () => {
    expect(tabIndexForKey('ArrowRight', 0, 3)).toBe(1);
    expect(tabIndexForKey('ArrowRight', 2, 3)).toBe(0);
    expect(tabIndexForKey('ArrowLeft', 0, 3)).toBe(2);
    expect(tabIndexForKey('ArrowLeft', 1, 2)).toBe(0);
  });

  it('jumps to the first and last tab', () => {
    expect(tabIndexForKey('Home', 2, 3)).toBe(0);
    expect(tabIndexForKey('End', 0, 3)).toBe(2);
  });

  it('leaves every other key alone', () => {
    expect(tabIndexForKey('Tab', 0, 3)).toBeNull();
    expect(tabIndexForKey('Enter', 1, 3)).toBeNull();
    expect(tabIndexForKey('ArrowDown', 1, 3)).toBeNull();
  });
});
