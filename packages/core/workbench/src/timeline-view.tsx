import type { TimelineEvent } from './api.js';

/** A job's last events, oldest first: actions and completed cycles, failures and quarantine marked. */
export function TimelineView({ events }: { readonly events: readonly TimelineEvent[] }) {
  return (
    <ol data-testid="timeline" class="timeline">
      {events.map((event) => (
        <li key={event.number} data-kind={event.kind} data-result={String(event['result'] ?? '')} data-status={String(event['status'] ?? '')} class={`event ${event.kind} ${String(event['result'] ?? '')} ${event['quarantined'] ? 'quarantined' : ''}`}>
          <time>{event.at}</time> <strong>{describe(event)}</strong>
        </li>
      ))}
    </ol>
  );
}

function describe(event: TimelineEvent): string {
  if (event.kind !== 'cycle') {
    const scope = event['scope'];
    return `${event.kind}${scope ? ` (${Array.isArray(scope) ? scope.join(', ') : String(scope)})` : ''}`;
  }
  const parts = [`${String(event['cycle'] ?? '')} cycle ${String(event['result'] ?? '')}`];
  const skipped = Number(event['skipped'] ?? 0);
  if (skipped > 0) parts.push(`(+${skipped} uneventful cycles folded in)`);
  parts.push(`→ ${String(event['status'] ?? '')}`);
  if (event['quarantined']) parts.push(`quarantined: ${String(event['quarantineReason'] ?? '')}`);
  return parts.join(' ');
}
