// Preloaded into a benchmarked child (`node --import report-rss.js ...`): on exit it writes the process's
// peak resident set size in KB (all threads: workers are threads of this process) and the CPU seconds
// it used (user + system, all threads) to $BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1e6}`);
  });
}
