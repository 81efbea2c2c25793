import fc from 'fast-check';

/**
 * Hostile pieces of input text: NUL and other controls, bidi overrides and isolates, line separators,
 * lone surrogates, a BOM, combining marks (NFC), astral characters, formula leads and SQL/JSON noise.
 */
export const NASTY_PIECES = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u001b[31m', '\u007f', '\u0085', '\u009b',
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c',
  '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff', 'e\u0301', '\u{1f600}', '=cmd|/c calc!A1', '+1', '-1', '@SUM(A1)', "'",
  "' OR 1=1 --", '"', '\\', '%00', '../', '{}', '[]',
];

/** Keys that pollute prototypes when a parser copies them naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Plausible values of real fields, so that nasty pieces also reach the checks behind the format. */
const PLAUSIBLE = ['pve1', 'Production', '127.0.0.1', 'admin@example.com', '8006', 'true', 'ca', 'qemu', 'viewer', 'user.login', '100', '2026-01-01T00:00:00Z', '6f1c1f5e-2b8c-4a55-9d0e-6a1d2b3c4d5e', 'nexus@pve!fleet=4f6c0d', 'correct horse battery staple'];

/** Strings from plain random to adversarial: random unicode, plausible values with nasty pieces spliced in, huge ones. */
export const adversarialString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...PLAUSIBLE),
  fc.tuple(fc.constantFrom('', ...PLAUSIBLE), fc.constantFrom(...NASTY_PIECES), fc.constantFrom('', ...PLAUSIBLE)).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...NASTY_PIECES), fc.constantFrom(...PLAUSIBLE)).map(([nasty, plain]) => nasty + plain),
  fc.constantFrom('a'.repeat(100_000), '\u0000'.repeat(10_000), '\u202e'.repeat(5_000)),
);

/** Any JSON value (and `undefined`) built from adversarial strings, with prototype-polluting keys. */
export const adversarialValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    adversarialString,
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 65536, 1e21, Number.MAX_SAFE_INTEGER + 2)),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(adversarialString, fc.constantFrom(...PROTO_KEYS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** An object with the schema's own field names (plus prototype-polluting ones) holding adversarial values. */
export function adversarialObject(fieldNames: string[]): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...fieldNames, ...PROTO_KEYS];
  return fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.oneof(adversarialString, adversarialValue)), { maxLength: keys.length + 2 })
    .map((entries) => {
      const object: Record<string, unknown> = {};
      // defineProperty, as JSON.parse does: `__proto__` becomes an own key, not the prototype.
      for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
      return object;
    });
}
