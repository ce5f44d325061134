// What the process and the machine look like: /proc/self/status, the peak-RSS reset, /proc/cpuinfo.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** One read of /proc/self/status: threads, resident memory now and its high-water mark (bytes). */
export function status() {
  const s = { threads: 0, rssBytes: 0, hwmBytes: 0 };
  try {
    const text = readFileSync('/proc/self/status', 'latin1');
    const field = (name) => Number((new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text) ?? [])[1] ?? 0);
    s.threads = field('Threads');
    s.rssBytes = field('VmRSS') * 1024;
    s.hwmBytes = field('VmHWM') * 1024;
  } catch {
    // no /proc: the zeros say so
  }
  return s;
}

/** Makes VmHWM the peak since now (Linux: "5" written to /proc/self/clear_refs); false where it cannot. */
export function resetPeakRss() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The machine as the Python runner names it: the processor from /proc/cpuinfo's "model name", the logical cores, the
 * OS with its PRETTY_NAME, the architecture in .NET's terms.
 */
export function machine() {
  let processor = os.cpus()[0]?.model ?? os.arch();
  let logicalCores = os.availableParallelism();
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const name = /^model name\s*:\s*(.*)$/m.exec(cpuinfo);
    if (name) processor = name[1].trim();
    const processors = cpuinfo.split('\n').filter((l) => l.startsWith('processor')).length;
    if (processors > 0) logicalCores = processors;
  } catch {
    // not Linux: os.cpus() stands
  }
  let osName = { linux: 'Linux', darwin: 'Darwin', win32: 'Windows' }[process.platform] ?? process.platform;
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      const pretty = /^PRETTY_NAME=(.*)$/m.exec(readFileSync(path, 'utf8'));
      if (pretty) osName = `${osName} ${pretty[1].replace(/^["']|["']$/g, '')}`;
      break;
    } catch {
      // try the next
    }
  }
  const architecture = { x64: 'X64', arm64: 'Arm64' }[process.arch] ?? process.arch;
  return { processor, logicalCores, os: osName.trim(), architecture };
}
