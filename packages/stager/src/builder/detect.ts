// Detect (runner.go detect): walk the order, the first `bin/detect <build>` to exit 0 wins; its stdout
// is captured and trimmed of trailing CR/LF, its stderr passes through. Lookup errors are printed and
// skipped; a detect without all execute bits is announced on stdout and run anyway.
//
// bpkit's addition: every buildpack tried is recorded (DetectAttempt), and with `trace` its stdout and
// stderr too, for the detection trace (`-detectTrace`, build()'s `detectTrace`). CF never shows why a
// buildpack declined (buildpackapplifecycle#16). Without `trace` the scripts run exactly as before; with it,
// stderr passes through once the detect has exited, except a decline's one-line reason, which the trace shows.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BuildpackDirs } from '../buildpack-bits/buildpack-dir.ts';
import { locateBuildpack } from '../buildpack-bits/buildpack-dir.ts';
import { runScript, type ScriptIo } from '../buildpack-scripts/run-script.ts';
import { pathErrorText } from '../go-compat/go-errors.ts';
import { errorText } from './lifecycle-error.ts';

export interface Detected {
  key: string;
  dir: string;
  output: string;
}

/** One buildpack of the order as detect saw it. */
export interface DetectAttempt {
  key: string;
  /** The buildpack's display name, when the caller knows it (`buildpackNames`). */
  name?: string;
  /** True for the buildpack whose detect exited 0 (always the last attempt). */
  detected: boolean;
  /** bin/detect's exit status; absent when it did not run or did not exit (see `error`). */
  exitCode?: number;
  /**
   * Why there is no exit status: the buildpack's lookup error, the `stat …/bin/detect` error, or the
   * run error (`fork/exec …: permission denied`, `signal: killed`), as CF's texts.
   */
  error?: string;
  /**
   * bin/detect's stdout, trailing CR/LF trimmed as CF trims the detected name: recorded for the detected one,
   * and with `trace` for every one that ran (its first 64 KiB for those that declined).
   */
  stdout?: string;
  /** bin/detect's stderr (recorded with `trace`; its last 64 KiB). */
  stderr?: string;
}

export interface DetectOutcome {
  detected?: Detected;
  attempts: DetectAttempt[];
}

export interface DetectOptions {
  /** Record every detect's stdout and stderr and set BPKIT_DETECT_TRACE=1 for detect (bpkit's trace). */
  trace?: boolean;
  /** Display names by key. */
  names?: Readonly<Record<string, string>>;
}

/** The variable the builder sets for bin/detect when tracing: bpkit's compiled detects then say on stderr why they declined. */
export const DETECT_TRACE_ENV = 'BPKIT_DETECT_TRACE';

const RECORD_LIMIT = 64 * 1024;

/** Keeps what a script wrote: all of it, or (`tail`) enough for its last RECORD_LIMIT bytes. */
class Recorder extends Writable {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly keep: 'all' | 'tail') {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.keep === 'tail' && this.size > 2 * RECORD_LIMIT) this.compact();
    done();
  }

  private compact(): void {
    const all = Buffer.concat(this.chunks);
    const kept = all.subarray(Math.max(0, all.length - RECORD_LIMIT));
    this.chunks = [kept];
    this.size = kept.length;
  }

  text(): string {
    return this.tail(this.keep === 'tail' ? RECORD_LIMIT : Infinity);
  }

  tail(limit: number): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - limit)).toString('utf8');
  }
}

/**
 * What a traced detect wrote on stderr, passed on once it exited: all of it, but for a decline whose stderr is
 * one line, the reason the trace prints (bpkit's compiled detects say it only under BPKIT_DETECT_TRACE).
 */
function passOnStderr(recorded: Recorder, declined: boolean, stderr: Writable): void {
  const text = recorded.text();
  const lines = text.split(/\r?\n|\r/).filter((l) => l.trim() !== '');
  if (declined && lines.length === 1) return;
  if (text) stderr.write(text);
}

const trimOutput = (text: string): string => text.replace(/[\r\n]+$/, '');

export async function detect(
  order: readonly string[],
  buildDir: string,
  dirs: BuildpackDirs,
  io: ScriptIo,
  options: DetectOptions = {},
): Promise<DetectOutcome> {
  const attempts: DetectAttempt[] = [];
  const scriptIo = options.trace ? { ...io, env: { ...io.env, [DETECT_TRACE_ENV]: '1' } } : io;
  for (const key of order) {
    const name = options.names?.[key];
    const attempt: DetectAttempt = { key, ...(name ? { name } : {}), detected: false };
    attempts.push(attempt);
    let dir: string;
    try {
      dir = await locateBuildpack(key, dirs);
    } catch (error) {
      attempt.error = errorText(error);
      io.stderr.write(`${attempt.error}\n`);
      continue;
    }
    const script = join(dir, 'bin', 'detect');
    let mode: number;
    try {
      mode = (await stat(script)).mode;
    } catch (error) {
      attempt.error = pathErrorText('stat', script, error);
      io.stderr.write(`${attempt.error}\n`);
      continue;
    }
    if ((mode & 0o111) !== 0o111) io.stdout.write("WARNING: buildpack script '/bin/detect' is not executable\n");
    if (!options.trace) {
      try {
        const output = trimOutput(await runScript(script, [buildDir], io, true));
        Object.assign(attempt, { detected: true, exitCode: 0, stdout: output });
        return { detected: { key, dir, output }, attempts };
      } catch (error) {
        // A failing (or unrunnable) detect means "not this buildpack".
        recordFailure(attempt, error);
      }
      continue;
    }
    // Traced: stdout captured whole as before (the detected name), stderr recorded and passed on after.
    const stdout = new Recorder('all');
    const stderr = new Recorder('all');
    try {
      await runScript(script, [buildDir], { ...scriptIo, stdout, stderr });
      passOnStderr(stderr, false, io.stderr);
      const output = trimOutput(stdout.text());
      Object.assign(attempt, { detected: true, exitCode: 0, stdout: output, stderr: stderr.tail(RECORD_LIMIT) });
      return { detected: { key, dir, output }, attempts };
    } catch (error) {
      passOnStderr(stderr, true, io.stderr);
      recordFailure(attempt, error);
      attempt.stdout = trimOutput(stdout.text().slice(0, RECORD_LIMIT));
      attempt.stderr = stderr.tail(RECORD_LIMIT);
    }
  }
  return { attempts };
}

function recordFailure(attempt: DetectAttempt, error: unknown): void {
  const text = errorText(error);
  const status = /^exit status (\d+)$/.exec(text);
  if (status) attempt.exitCode = Number(status[1]);
  else attempt.error = text;
}

// The trace as printed: one line per buildpack tried, its name (or key) in a column, then what detect did.
//
//   -----> Detection: buildpacks tried, in order
//          binary_buildpack   detect exited 1
//          go_buildpack       detect exited 1: none of: go.mod, Godeps/Godeps.json, …
//          nodejs_buildpack   detected: node.js 1.0.0

export const DETECT_TRACE_HEADER = '-----> Detection: buildpacks tried, in order';
const INDENT = '       ';
const TEXT_LIMIT = 300;

/** The last non-blank line of a script's output, shortened for one trace line. */
function lastLine(text: string | undefined): string {
  const lines = (text ?? '').split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l !== '');
  return shorten(lines.at(-1) ?? '');
}

function firstLine(text: string | undefined): string {
  const lines = (text ?? '').split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l !== '');
  return shorten(lines[0] ?? '');
}

function shorten(line: string): string {
  return line.length > TEXT_LIMIT ? `${line.slice(0, TEXT_LIMIT)}…` : line;
}

/** What detect did, for one trace line: `detected: X`, `detect exited N: reason`, `detect failed: …`, `not run: …`. */
export function attemptStatus(attempt: DetectAttempt): string {
  if (attempt.detected) {
    const name = firstLine(attempt.stdout);
    return name ? `detected: ${name}` : 'detected';
  }
  // The reason: what detect said on stderr (bpkit's compiled detects print the rule that failed), else on stdout.
  const said = lastLine(attempt.stderr) || lastLine(attempt.stdout);
  const reason = said ? `: ${said}` : '';
  if (attempt.exitCode !== undefined) return `detect exited ${attempt.exitCode}${reason}`;
  const error = attempt.error ?? '';
  // A run error (not executable, killed) or a lookup/stat error (detect never started).
  return /^(fork\/exec |signal: )/.test(error) ? `detect failed: ${error}${reason}` : `not run: ${error}`;
}

/** The trace's buildpack lines (each indented, newline-terminated), without the header. */
export function formatDetectAttempts(attempts: readonly DetectAttempt[]): string {
  const label = (a: DetectAttempt): string => a.name || a.key;
  const width = Math.max(0, ...attempts.map((a) => label(a).length));
  return attempts.map((a) => `${INDENT}${label(a).padEnd(width)}   ${attemptStatus(a)}\n`).join('');
}

/** The whole trace, as printed on stdout after detection: the header, then the buildpack lines. */
export function formatDetectTrace(attempts: readonly DetectAttempt[]): string {
  return `${DETECT_TRACE_HEADER}\n${formatDetectAttempts(attempts)}`;
}
