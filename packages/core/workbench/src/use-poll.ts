import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `tick` now and every `ms` while mounted (and afresh when `deps` change); one call at a
 * time. `tick` gets `isCurrent()`: false once `deps` changed or the view is gone, so a slow reply
 * for what was shown before is dropped instead of overwriting what is shown now.
 */
export function usePoll(tick: (isCurrent: () => boolean) => Promise<void>, ms: number, deps: readonly unknown[]): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const isCurrent = () => !stopped;
    const run = async () => {
      try {
        await latest.current(isCurrent);
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

/** A counter of requests of one kind: only the reply to the latest one is shown. */
export function useLatest(): () => () => boolean {
  const counter = useRef(0);
  return () => {
    const mine = ++counter.current;
    return () => counter.current === mine;
  };
}
