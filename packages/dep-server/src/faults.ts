/** What the server does wrong for a request, so downloaders can be tested against real failure modes. */
export type Fault =
  /** Answer with this status and a short body. */
  | { kind: 'status'; status: number; times?: number }
  /** Send the headers and `afterBytes` of the body, then reset the TCP connection. */
  | { kind: 'reset'; afterBytes: number; times?: number }
  /** Claim the full Content-Length, send `afterBytes`, then close the connection cleanly. */
  | { kind: 'truncate'; afterBytes: number; times?: number }
  /** Send the body at this rate. */
  | { kind: 'slow'; bytesPerSecond: number; times?: number }
  /** Send different bytes of the same length. */
  | { kind: 'corrupt'; times?: number }
  /** Redirect (302 by default) to another path on this server or an absolute URL. */
  | { kind: 'redirect'; location: string; status?: number; times?: number };

interface Armed {
  fault: Fault;
  remaining: number;
}

/** Faults by path ('*' = every path). `times` counts requests the fault still applies to. */
export class FaultTable {
  private readonly faults = new Map<string, Armed>();

  set(path: string, fault: Fault): void {
    this.faults.set(path, { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults.clear();
  }

  /** The fault for this request, consuming one of its `times`. An exact path beats '*'. */
  take(path: string): Fault | undefined {
    for (const key of [path, '*']) {
      const armed = this.faults.get(key);
      if (!armed) continue;
      armed.remaining -= 1;
      if (armed.remaining <= 0) this.faults.delete(key);
      return armed.fault;
    }
    return undefined;
  }
}
