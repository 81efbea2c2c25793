import type { AuthKeyView, EnrollmentView } from '@pve-nexus/contracts';
import { ActionsHeader } from '../ui/actions-header';
import { Badge } from '../ui/badges';
import { EmptyState } from '../ui/page-header';
import { Timestamp } from '../ui/timestamp';
import { TableStatus, TagPills } from '../ui/table-status';

function keyFlags(key: AuthKeyView): string {
  return [key.reusable ? 'reusable' : 'single use', key.ephemeral && 'ephemeral', key.preauthorized && 'pre-authorized'].filter(Boolean).join(', ');
}

/** The tailnet's auth keys as the control server lists them (never the key); managers revoke them. */
export function AuthKeysTable({ keys, loading, onRevoke }: { keys: AuthKeyView[] | undefined; loading: boolean; onRevoke?: (key: AuthKeyView) => void }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Auth keys" aria-busy={loading} data-testid="auth-keys">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Options</th>
            <th scope="col">Tags</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            {onRevoke && <ActionsHeader />}
          </tr>
        </thead>
        <tbody>
          {keys?.map((key) => (
            <tr key={key.id} data-testid="auth-key-row" data-id={key.id} data-usable={key.usable} className={key.usable ? undefined : 'table__row--muted'}>
              <td>
                <code className="mono">{key.prefix ? `${key.prefix}…` : key.id}</code>
                {key.description && <span className="muted small"> {key.description}</span>}
              </td>
              <td className="small">{keyFlags(key)}</td>
              <td>
                <TagPills tags={key.tags} />
              </td>
              <td>
                <Timestamp iso={key.createdAt} />
              </td>
              <td>
                <Timestamp iso={key.expiresAt} empty="Never" />
              </td>
              <td>{key.usable ? <Badge tone="ok">Usable</Badge> : <Badge tone="neutral">Used, revoked or expired</Badge>}</td>
              {onRevoke && (
                <td className="table__actions">
                  {key.usable && (
                    <button type="button" className="btn btn--sm btn--danger-ghost" onClick={() => onRevoke(key)} aria-label={`Revoke key ${key.id}`}>
                      Revoke
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <TableStatus rows={keys} loading={loading} loadingText="Loading auth keys…" empty={<EmptyState title="No auth keys">Create one above to enroll a device.</EmptyState>} />
    </div>
  );
}

/** Every key minted here, what it expects and what joined with it. */
export function EnrollmentsTable({ enrollments, loading }: { enrollments: EnrollmentView[] | undefined; loading: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Enrollments" aria-busy={loading} data-testid="enrollments">
        <thead>
          <tr>
            <th scope="col">Expected host</th>
            <th scope="col">Tags</th>
            <th scope="col">Created</th>
            <th scope="col">Key expires</th>
            <th scope="col">Enrolled</th>
          </tr>
        </thead>
        <tbody>
          {enrollments?.map((enrollment) => (
            <tr key={enrollment.id} data-testid="enrollment-row" data-enrolled={enrollment.enrolled !== null}>
              <td>{enrollment.expectedHostname ?? <span className="muted">any</span>}</td>
              <td>{enrollment.tags.join(', ') || <span className="muted">—</span>}</td>
              <td>
                <Timestamp iso={enrollment.createdAt} />
              </td>
              <td>
                <Timestamp iso={enrollment.expiresAt} />
              </td>
              <td>
                {enrollment.enrolled ? (
                  <>
                    <Badge tone="ok">Enrolled</Badge> <code className="small">{enrollment.enrolled.name}</code>
                  </>
                ) : (
                  <Badge tone="warn">Waiting</Badge>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <TableStatus rows={enrollments} loading={loading} loadingText="Loading enrollments…" empty={<EmptyState title="No enrollments yet" />} />
    </div>
  );
}
