import fs from 'node:fs';

/** The resident set size of a process, from /proc (bytes). */
export function rssOf(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** What a probe saw while it ran. */
export interface ProbeReport {
  /** Highest RSS sampled (bytes). */
  peakRss: number;
  /** Slowest /healthz answer (ms); a request still unanswered when the probe stopped counts until then. */
  slowestHealthzMs: number;
  /** /healthz requests answered. */
  healthz: number;
}

/**
 * Watch a server while something hits it: sample its RSS and call `/healthz` one request after another, each
 * timed, until stopped. The polling pace (`everyMs`) only spaces the samples; nothing waits for a fixed time.
 */
export function startProbe(url: string, pid: number, everyMs = 25) {
  const report: ProbeReport = { peakRss: rssOf(pid), slowestHealthzMs: 0, healthz: 0 };
  let running = true;
  let pending: number | null = null;
  const sampler = setInterval(() => {
    report.peakRss = Math.max(report.peakRss, rssOf(pid));
    if (pending !== null) report.slowestHealthzMs = Math.max(report.slowestHealthzMs, performance.now() - pending);
  }, everyMs);
  const pinger = (async () => {
    while (running) {
      pending = performance.now();
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(60_000) });
      await res.text();
      report.slowestHealthzMs = Math.max(report.slowestHealthzMs, performance.now() - pending);
      pending = null;
      report.healthz += 1;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(): Promise<ProbeReport> {
      running = false;
      await pinger;
      clearInterval(sampler);
      report.peakRss = Math.max(report.peakRss, rssOf(pid));
      return report;
    },
  };
}

/** Megabytes, for messages. */
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
