import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ChangePasswordForm } from '../../../auth/change-password-form';

export const metadata: Metadata = { title: 'Change password' };

export default function ChangePasswordPage() {
  return (
    <Suspense fallback={<div className="card auth__card" aria-busy="true" />}>
      <ChangePasswordForm />
    </Suspense>
  );
}
