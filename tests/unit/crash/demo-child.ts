/**
 * The process the demo-start crash test kills: a first start of the app on a new database (the
 * demo played into it), printing a line per day of history played, until SIGKILL cuts it off.
 *   tsx demo-child.ts <db>
 */
import { openApp } from '../../../core/open';

const [dbPath] = process.argv.slice(2) as [string];
const app = await openApp({ dbPath, demo: true, onDemoProgress: (day) => process.stdout.write(`day ${day}\n`) });
app.db.close();
process.stdout.write('done\n');
