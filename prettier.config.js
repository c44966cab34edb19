// The formatter: `npm run format` writes, `npm run format:check` (run by the test command) fails on
// a file it would change. ESLint checks no layout, so the two never disagree.
//
// 200 columns: the code is written as dense one-line statements and Vue elements with their
// attributes on one line; at 200 a line still fits one pane of a 1920 px screen (13 px monospace),
// only 0.9 % of the lines written before it were longer, and a call or a template element is not cut into ten short lines whose
// shapes then repeat everywhere (formatted at 120, `duplicates` found three times as many pairs).
/** @type {import('prettier').Config} */
export default {
  printWidth: 200,
  singleQuote: true,
};
