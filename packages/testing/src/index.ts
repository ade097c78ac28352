/** What segkit's tests share (mask grids, pixel references, the seeded generator). Test-only. */
export {};
