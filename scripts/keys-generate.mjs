// `npm run keys:generate`: prints a new entry for NEXUS_ENCRYPTION_KEY (id:base64 of 32 random bytes).
// `npm run keys:generate -- --bus [--nats-config FILE --nats-port PORT]`: prints each service's bus
// identity (NATS_USER, NATS_PASSWORD, NEXUS_BUS_SIGNING_KEY) and the NEXUS_BUS_PUBLIC_KEYS every service
// gets; with --nats-config, also writes the nats-server configuration with those users (mode 600).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { bus: { type: 'boolean' }, 'nats-config': { type: 'string' }, 'nats-port': { type: 'string', default: '4222' } } });
const built = (name) =>
  import(name).catch(() => {
    process.stderr.write('keys:generate: build first (npm run build)\n');
    process.exit(1);
  });
const { KeyRing, generateSigningKeyPair } = await built('@pve-nexus/crypto');

if (!values.bus) {
  process.stdout.write(`${KeyRing.generateEntry()}\n`);
  process.stderr.write(
    'keys:generate: first key: NEXUS_ENCRYPTION_KEY=<this line>. Rotation: NEXUS_ENCRYPTION_KEY=<this line>,<current keys>, restart the services, then npm run keys:rotate.\n',
  );
} else {
  const { natsUser, renderNatsServerConfig, ServiceName } = await built('@pve-nexus/contracts');
  const identities = ServiceName.options.map((service) => ({ service, password: randomBytes(24).toString('base64url'), ...generateSigningKeyPair() }));
  const publicKeys = identities.map(({ service, publicKey }) => `${service}=${publicKey}`).join(',');
  for (const { service, password, privateKey } of identities) {
    process.stdout.write(`# ${service}\nNATS_USER=${service}\nNATS_PASSWORD=${password}\nNEXUS_BUS_SIGNING_KEY=${privateKey}\n\n`);
  }
  process.stdout.write(`# every service\nNEXUS_BUS_PUBLIC_KEYS=${publicKeys}\n`);
  if (values['nats-config']) {
    const users = identities.map(({ service, password }) => natsUser(service, password));
    writeFileSync(values['nats-config'], renderNatsServerConfig({ port: Number(values['nats-port']), storeDir: '/var/lib/nats-server', host: '0.0.0.0', users }), { mode: 0o600 });
    process.stderr.write(`keys:generate: nats-server configuration written to ${values['nats-config']}\n`);
  }
  process.stderr.write('keys:generate: give each service its block and NEXUS_BUS_PUBLIC_KEYS (secrets: never commit them); the nats-server gets the same passwords.\n');
}
