import type { Metadata } from 'next';
import { EnrollPage } from '../../../../../../enrollment/enroll-page';

export const metadata: Metadata = { title: 'Enroll devices' };

export default function Page() {
  return <EnrollPage />;
}
