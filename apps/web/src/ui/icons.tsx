/** Small inline icons drawn with `currentColor`; decorative unless given a `title`. */
interface IconProps {
  title?: string;
  size?: number;
}

function a11y(title: string | undefined) {
  return title ? { role: 'img', 'aria-label': title } : { 'aria-hidden': true as const };
}

/** Two chain links: a connection through the tailnet (the seed's 🔗). */
export function LinkIcon({ title, size = 14 }: IconProps) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width={size} height={size} fill="none" {...a11y(title)}>
      <path d="M6.6 9.4a3 3 0 0 0 4.2 0l2.3-2.3a3 3 0 0 0-4.2-4.2L7.8 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      <path d="M9.4 6.6a3 3 0 0 0-4.2 0L2.9 8.9a3 3 0 0 0 4.2 4.2L8.2 12" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/** A padlock: certificate trust. */
export function LockIcon({ title, size = 14 }: IconProps) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width={size} height={size} fill="none" {...a11y(title)}>
      <rect x="3" y="7" width="10" height="7" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** A server rack unit: the empty state of the servers page. */
export function ServerIcon({ title, size = 14 }: IconProps) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width={size} height={size} fill="none" {...a11y(title)}>
      <rect x="3" y="4" width="18" height="7" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
      <rect x="3" y="13" width="18" height="7" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
      <circle cx="7" cy="7.5" r="1" fill="currentColor" />
      <circle cx="7" cy="16.5" r="1" fill="currentColor" />
      <path d="M11 7.5h6M11 16.5h6" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

/** A screen with a prompt: a guest's console. */
export function ConsoleIcon({ title, size = 14 }: IconProps) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width={size} height={size} fill="none" {...a11y(title)}>
      <rect x="1.5" y="2.5" width="13" height="9.5" rx="1.5" stroke="currentColor" strokeWidth="1.4" />
      <path d="M4.5 5.5 6.5 7.25 4.5 9M8 9h3" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M5.5 14.5h5" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}
