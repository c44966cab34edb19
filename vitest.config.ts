import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; end-to-end tests (tests/e2e) belong to Playwright.
export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'core/**/*.test.ts', 'host/**/*.test.ts', 'electron/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Kept above vitest's 5 s, for now: with the e2e run beside them on the shared 2-core machine (load ~20),
    // the cases that seed the 3,000-lead demo, spawn the CLI through tsx or run a property campaign take 5-15 s
    // (nine of them timed out at 5 s in issue 13's runs); they need their own limits, then this line goes.
    testTimeout: 20_000,
  },
});
