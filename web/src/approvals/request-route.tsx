import type { RequestDetail, RequestStep } from '../api/approval-types';
import { formatDateTime, humanize } from '../ui/format';
import { levelLabel } from './level-names';

const STATE_TEXT = { waiting: 'waiting', pending: 'later', skipped: 'not reached' } as const;

/** The route's levels: done (✓ by whom), waiting, later. */
export function RequestRoute({ request }: { request: RequestDetail }) {
  const approvers = (level: string) =>
    request.steps.filter((s) => s.action === 'approve' && s.level === level).map((s) => (s.onBehalfOf ? `${s.actor} for ${s.onBehalfOf}` : s.actor));
  return (
    <ol className="route" data-testid="request-route">
      {request.levels.map((level) => (
        <li key={level.name} className={`route-level route-${level.state}`} data-testid="route-level" data-level={level.name} data-state={level.state}>
          <span className="route-name">{levelLabel(level.name)}</span>
          <span className="route-roles">
            {level.roles.map(humanize).join(' or ')}
            {level.mode === 'all' ? ' (all of them)' : ''}
          </span>
          <span className="route-state">{level.state === 'approved' ? `✓ ${approvers(level.name).join(', ')}` : STATE_TEXT[level.state]}</span>
        </li>
      ))}
    </ol>
  );
}

const ACTION_TEXT: Record<RequestStep['action'], string> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrew',
  delegate: 'delegated',
  escalate: 'escalated',
  expire: 'expired',
  apply: 'applied',
  conflict: 'could not apply',
};

/** Every step of the request, oldest first. */
export function StepTimeline({ steps }: { steps: RequestStep[] }) {
  return (
    <ol className="timeline" data-testid="request-steps">
      {steps.map((step) => (
        <li key={step.seq} className={`timeline-step step-${step.action}`} data-action={step.action}>
          <span className="timeline-when">{formatDateTime(step.actedAt)}</span> <strong>{step.actor}</strong>
          {step.onBehalfOf ? ` for ${step.onBehalfOf}` : ''} {ACTION_TEXT[step.action]}
          {step.level ? ` (${levelLabel(step.level)})` : ''}
          {step.comment ? <div className="timeline-comment">{step.comment}</div> : null}
        </li>
      ))}
    </ol>
  );
}
