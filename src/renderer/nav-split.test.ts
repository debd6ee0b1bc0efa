// The bar's split between the items it shows and its "Plus" menu (nav-bar.tsx splitNav, issue 17).
import { describe, expect, it } from 'vitest';
import { splitNav } from './components/nav-bar.tsx';

describe('the navigation bar at a till’s width', () => {
  it('shows every item when they fit, else the first ones beside "Plus", the current screen always', () => {
    const widths = [100, 100, 100, 100];
    expect(splitNav(widths, 60, 408, 0)).toEqual([0, 1, 2, 3]);
    // 3 × 102 + 62 = 368 ≤ 400: three items and the menu
    expect(splitNav(widths, 60, 400, 0)).toEqual([0, 1, 2]);
    // the current screen (the fourth) takes the last place
    expect(splitNav(widths, 60, 400, 3)).toEqual([0, 1, 3]);
    // nothing fits beside the menu but the current screen
    expect(splitNav(widths, 60, 170, 2)).toEqual([2]);
  });
});
