/**
 * Which machine a run or benchmark ran on, for its report.
 */
import * as os from 'os';

/** The operating system and processor, e.g. "Linux 6.1.0 x64, 2 × Intel(R) Xeon(R) ...". */
export function osDescription(): string {
  const cpus = os.cpus();
  return `${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`;
}
