// Preloaded into a benchmarked child (`node --import report-rss.js ...`): on exit it writes the process's
// peak resident set size (all threads: workers are threads of this process) to $BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    // maxRSS is in kilobytes.
    writeFileSync(out, String(process.resourceUsage().maxRSS));
  });
}
