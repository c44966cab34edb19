// The formatter: `npm run format` writes, `npm run format:check` (run by the test command) fails on
// a file it would change. ESLint checks no layout, so the two never disagree.
//
// 120 columns: about 1,000 px of 13 px monospace, so a line is read at once and two panes of a
// review side by side fit on a 1920 px screen; the code's dense one-line statements mostly stay
// as they are (7.6 % of lines wrap at 120, 12 % at 100), while the 430-character lines go.

/** @type {import('prettier').Config} */
export default {
  printWidth: 120,
  singleQuote: true,
};
