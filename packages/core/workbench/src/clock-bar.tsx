import { useState } from 'preact/hooks';
import { ApiError, call, get, type ClockState } from './api.js';
import { usePoll } from './use-poll.js';

interface Props {
  readonly clock: ClockState | undefined;
  readonly onClock: (clock: ClockState) => void;
  readonly onChanged: () => void;
}

/** The emulator's clock: now, and on a manual clock, advance by a duration or set. */
export function ClockBar({ clock, onClock, onChanged }: Props) {
  const [duration, setDuration] = useState('PT40M');
  const [instant, setInstant] = useState('');
  const [message, setMessage] = useState('');
  usePoll(async () => onClock(await get<ClockState>('/_syncemu/clock')), 1000, []);

  const move = async (path: 'advance' | 'set', body: object) => {
    try {
      const { body: reply } = await call<ClockState & { cyclesRun: number }>('POST', `/_syncemu/clock/${path}`, body);
      onClock(reply);
      setMessage(`${reply.cyclesRun} ${reply.cyclesRun === 1 ? 'cycle' : 'cycles'} completed`);
      onChanged();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  };
  const manual = clock?.kind === 'manual';
  return (
    <div class="clock">
      <span>
        Clock ({clock?.kind ?? '…'}): <time data-testid="clock-now">{clock?.now ?? ''}</time>
      </span>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void move('advance', { duration });
        }}
      >
        <input data-testid="clock-advance" value={duration} size={8} disabled={!manual} onInput={(event) => setDuration(event.currentTarget.value)} aria-label="ISO 8601 duration" />
        <button data-testid="clock-advance-run" type="submit" disabled={!manual} title={manual ? 'Move the clock forward; the cycles due run in order' : 'Start syncemu with --clock manual to move time'}>
          Advance
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void move('set', { now: instant });
        }}
      >
        <input data-testid="clock-set" value={instant} placeholder="2030-01-01T00:00:00Z" size={20} disabled={!manual} onInput={(event) => setInstant(event.currentTarget.value)} aria-label="ISO 8601 instant" />
        <button data-testid="clock-set-run" type="submit" disabled={!manual}>
          Set
        </button>
      </form>
      <span data-testid="clock-result" class="muted">
        {manual ? message : 'system clock: cycles complete in real time (serve with --clock manual to move time)'}
      </span>
    </div>
  );
}
