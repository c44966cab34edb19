import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; end-to-end tests (tests/e2e) belong to Playwright.
export default defineConfig({
  test: {
    include: ['common/**/*.test.ts', 'core/**/*.test.ts', 'host/**/*.test.ts', 'electron/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
  },
});
