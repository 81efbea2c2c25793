import { defineConfig } from 'prisma/config';

// The database URL comes from the environment (never from a committed file); commands that do not
// touch the database (generate) work without it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/pve_nexus' },
});
