// A local ESLint rule: the renderer may not redeclare the lists common/leads.ts holds (the lead
// statuses, the temperatures). The lists are read from that file, so this rule cannot drift from it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = readFileSync(fileURLToPath(new URL('../../common/leads.ts', import.meta.url)), 'utf8');

function listOf(name) {
  const found = new RegExp(`export const ${name} = \\[([^\\]]*)\\]`).exec(source);
  if (!found) throw new Error(`common/leads.ts declares no ${name}`);
  return [...found[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** How many values of a list an array literal must repeat before it counts as a copy. */
const LISTS = [
  { name: 'LEAD_STATUSES', values: new Set(listOf('LEAD_STATUSES')), atLeast: 3 },
  { name: 'TEMPERATURES', values: new Set(listOf('TEMPERATURES')), atLeast: listOf('TEMPERATURES').length },
];

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Import the lead statuses and temperatures from common/leads.ts instead of redeclaring them.' },
    messages: { copy: 'This array repeats {{list}}: import it from common/leads.ts.' },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      const strings = new Set(node.elements.filter((e) => e && e.type === 'Literal' && typeof e.value === 'string').map((e) => e.value));
      for (const list of LISTS) {
        const repeated = [...strings].filter((v) => list.values.has(v)).length;
        if (repeated >= list.atLeast) context.report({ node, messageId: 'copy', data: { list: list.name } });
      }
    };
    const visitor = { ArrayExpression: check };
    // In a .vue file, template expressions (v-for="t in ['hot', ...]") are checked too.
    const services = context.sourceCode.parserServices;
    return services?.defineTemplateBodyVisitor ? services.defineTemplateBodyVisitor(visitor, visitor) : visitor;
  },
};

export default { rules: { 'no-redeclared-domain-lists': rule } };
