// Preloaded into a benchmarked child (`node --import report-rss.js ...`): on exit it writes the process's
// peak resident set size in KB (all threads: workers are threads of this process), the CPU seconds it used
// (user + system, all threads) and that CPU split by thread to $BENCH_RSS_FILE.
//
// The split is read from /proc/self/task (Linux) every 50 ms, since a worker's thread is gone by exit:
// the main thread, the threads that already existed when this module loaded (V8's platform threads: JIT
// compilation and concurrent garbage collection), and the threads started later (worker threads, libuv's
// pool). Elsewhere the split is absent.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) {
  const seconds = new Map<string, number>();
  const sample = () => {
    try {
      for (const tid of readdirSync('/proc/self/task')) {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          // utime and stime (fields 14 and 15 of stat), in clock ticks of 1/100 s.
          seconds.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
        } catch {
          /* the thread ended meanwhile */
        }
      }
    } catch {
      /* no /proc */
    }
  };
  sample();
  const early = new Set(seconds.keys());
  const timer = setInterval(sample, 50);
  timer.unref();
  process.on('exit', () => {
    sample();
    const u = process.resourceUsage();
    let main = 0;
    let platform = 0;
    let later = 0;
    for (const [tid, s] of seconds) {
      if (tid === String(process.pid)) main += s;
      else if (early.has(tid)) platform += s;
      else later += s;
    }
    const split = seconds.size > 0 ? ` ${main} ${platform} ${later}` : '';
    writeFileSync(out, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1e6}${split}`);
  });
}
