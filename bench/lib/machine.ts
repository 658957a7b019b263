import { execFileSync } from 'node:child_process';
import { cpus, totalmem, platform, release } from 'node:os';

/** What a reader needs to compare a report with another machine's. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  gitCommit: string;
  /** True when the working tree had uncommitted changes: the commit alone does not describe the code. */
  gitDirty: boolean | 'unknown';
}

export function machineFacts(): MachineFacts {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    gitCommit: git(['rev-parse', 'HEAD']) ?? 'unknown',
    gitDirty: gitDirty(),
  };
}

function gitDirty(): boolean | 'unknown' {
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return status === undefined ? 'unknown' : status.length > 0;
}

/** Read-only git, and never fatal: a tarball without .git still benchmarks. */
function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
