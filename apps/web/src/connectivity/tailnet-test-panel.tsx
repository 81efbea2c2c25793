import type { TailnetTestResult } from '@pve-nexus/contracts';
import { Alert } from '../ui/alert';

/** What a credentials test found: the tailnet's name and size, or why the control server said no. */
export function TailnetTestPanel({ result }: { result: TailnetTestResult }) {
  if (result.ok) {
    const count = result.deviceCount ?? 0;
    return (
      <div data-testid="tailnet-test" data-ok="true">
        <Alert tone="success" title="Connected">
          <p className="notice__text">
            Tailnet <strong data-testid="tailnet-test-name">{result.tailnet ?? 'unnamed'}</strong> ·{' '}
            <span data-testid="tailnet-test-count">
              {count} {count === 1 ? 'device' : 'devices'}
            </span>
          </p>
        </Alert>
      </div>
    );
  }
  return (
    <div data-testid="tailnet-test" data-ok="false">
      <Alert tone="error" title="The credentials do not work">
        <p className="notice__text" data-testid="tailnet-test-reason">
          {result.reason ?? 'The control server did not say why.'}
          {result.retryAfterSeconds !== null && ` Try again in ${result.retryAfterSeconds} s.`}
        </p>
      </Alert>
    </div>
  );
}
