import Link from 'next/link';

export function Brand({ href = '/' }: { href?: string }) {
  return (
    <Link href={href} className="brand">
      <span className="brand__mark" aria-hidden="true">
        PN
      </span>
      <span className="brand__name">PVE Nexus</span>
    </Link>
  );
}
