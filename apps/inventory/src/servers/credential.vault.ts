import { Inject, Injectable } from '@nestjs/common';
import { KeyRing, open, seal, type Sealed } from '@pve-nexus/crypto';

export const KEY_RING = Symbol('KEY_RING');

/**
 * Encrypts and decrypts stored credentials with the process's key ring. The context binds each
 * ciphertext to its credential row, so ciphertexts cannot be swapped between rows.
 */
@Injectable()
export class CredentialVault {
  constructor(@Inject(KEY_RING) private readonly ring: KeyRing) {}

  seal(credentialId: string, plaintext: string): Sealed {
    return seal(this.ring, plaintext, contextOf(credentialId));
  }

  open(credentialId: string, sealed: Sealed): string {
    return open(this.ring, sealed, contextOf(credentialId));
  }
}

export function contextOf(credentialId: string): string {
  return `credential:${credentialId}`;
}
