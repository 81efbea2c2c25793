import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from '../../../auth/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  // The form reads `?next=`; the boundary keeps the rest of the page static.
  return (
    <Suspense fallback={<div className="card auth__card" aria-busy="true" />}>
      <LoginForm />
    </Suspense>
  );
}
