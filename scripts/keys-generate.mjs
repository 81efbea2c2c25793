// `npm run keys:generate`: prints a new entry for NEXUS_ENCRYPTION_KEY (id:base64 of 32 random bytes).
const { KeyRing } = await import('@pve-nexus/crypto').catch(() => {
  process.stderr.write('keys:generate: build first (npm run build)\n');
  process.exit(1);
});
process.stdout.write(`${KeyRing.generateEntry()}\n`);
process.stderr.write(
  'keys:generate: first key: NEXUS_ENCRYPTION_KEY=<this line>. Rotation: NEXUS_ENCRYPTION_KEY=<this line>,<current keys>, restart the services, then npm run keys:rotate.\n',
);
