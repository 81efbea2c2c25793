export * from './db.module.js';
export { PrismaClient, Prisma } from './generated/client.js';
export type * from './generated/models.js';
export * from './generated/enums.js';
