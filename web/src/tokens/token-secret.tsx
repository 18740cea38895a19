import type { CreatedToken } from '../api/governance-types';
import { CopyButton } from '../ui/copy-button';

/** The secret as the server returned it: only its hash is stored, so this is the one chance to copy it. */
export function TokenSecret({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  return (
    <section className="secret-box" role="alert" data-testid="token-secret">
      <h2>Token “{created.token.name}” created</h2>
      <p className="secret-warning">
        Copy the token now. It is shown only this once: Roundtrip keeps only a hash of it. Anyone who has it can act as you within its scope.
      </p>
      <div className="secret-row">
        <code className="secret-value" data-testid="token-secret-value">
          {created.secret}
        </code>
        <CopyButton text={created.secret} />
      </div>
      <p className="muted small">
        Use it as <code>Authorization: Bearer {'<token>'}</code>.
      </p>
      <button type="button" className="btn btn-small" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}
