// `npm start`: build what is not built, then run the app (it migrates, seeds an empty database and
// starts the sandbox provider itself).
import { join } from 'node:path';
import { ROOT, run } from './lib.mjs';

if ((await run(process.execPath, [join(ROOT, 'scripts/ensure-built.mjs')])) !== 0) process.exit(1);
process.exit(await run(process.execPath, ['--enable-source-maps', join(ROOT, 'backend/dist/src/main.js')]));
