import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; end-to-end tests (tests/e2e) belong to Playwright.
export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'core/**/*.test.ts', 'host/**/*.test.ts', 'electron/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Behaviour, not speed (that is the bench's): at load 20 on these shared 2-core machines tests
    // that take one second idle took over vitest's default 5 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
