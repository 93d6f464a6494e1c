// `npm run bench:readme`: rewrites the README's performance table from bench/results/latest.json.
// `--check` (part of `npm run lint`) only compares, and fails when the README says something else.
import { readmeIsCurrent, updateReadme } from './lib/readme.mjs';

if (process.argv.includes('--check')) {
  if (!(await readmeIsCurrent())) {
    console.error('README.md: the performance table differs from bench/results/latest.json; run `npm run bench:readme`.');
    process.exitCode = 1;
  }
} else {
  console.log((await updateReadme()) ? 'README.md: performance table updated.' : 'README.md: performance table already current.');
}
