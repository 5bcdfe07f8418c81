import { useEffect, useRef } from 'preact/hooks';

/** Calls `tick` now and every `ms` while mounted (and again when `deps` change); one call at a time. */
export function usePoll(tick: () => Promise<void>, ms: number, deps: readonly unknown[]): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        await latest.current();
      } catch {
        // the next tick tries again; the panel shows its own errors
      }
      if (!stopped) timer = setTimeout(run, ms);
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps);
}
