import type { ReactNode } from 'react';
import { AppFrame } from '../../shell/app-frame';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return <AppFrame>{children}</AppFrame>;
}
