// A local ESLint rule: the renderer may not redeclare the lists common/ holds (the lead statuses,
// the temperatures, the audit actions, the erasure reasons). The lists are read from those files,
// so this rule cannot drift from them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function listOf(file, name) {
  const source = readFileSync(fileURLToPath(new URL(`../../common/${file}`, import.meta.url)), 'utf8');
  const found = new RegExp(`export const ${name} = \\[([^\\]]*)\\]`).exec(source);
  if (!found) throw new Error(`common/${file} declares no ${name}`);
  return [...found[1].replace(/\/\/.*$/gm, '').matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** How many values of a list an array literal must repeat before it counts as a copy. */
const LISTS = [
  { file: 'leads.ts', name: 'LEAD_STATUSES', atLeast: 3 },
  { file: 'leads.ts', name: 'TEMPERATURES', atLeast: 'all' },
  { file: 'audit.ts', name: 'AUDIT_ACTIONS', atLeast: 3 },
  { file: 'audit.ts', name: 'ERASURE_REASONS', atLeast: 3 },
].map(({ file, name, atLeast }) => {
  const values = listOf(file, name);
  return { file, name, values: new Set(values), atLeast: atLeast === 'all' ? values.length : atLeast };
});

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Import the lists common/ holds instead of redeclaring them.' },
    messages: { copy: 'This array repeats {{list}}: import it from common/{{file}}.' },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      const strings = new Set(node.elements.filter((e) => e && e.type === 'Literal' && typeof e.value === 'string').map((e) => e.value));
      for (const list of LISTS) {
        const repeated = [...strings].filter((v) => list.values.has(v)).length;
        if (repeated >= list.atLeast) context.report({ node, messageId: 'copy', data: { list: list.name, file: list.file } });
      }
    };
    const visitor = { ArrayExpression: check };
    // In a .vue file, template expressions (v-for="t in ['hot', ...]") are checked too.
    const services = context.sourceCode.parserServices;
    return services?.defineTemplateBodyVisitor ? services.defineTemplateBodyVisitor(visitor, visitor) : visitor;
  },
};

export default { rules: { 'no-redeclared-domain-lists': rule } };
