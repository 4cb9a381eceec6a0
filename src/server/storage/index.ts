export { openStorage, pingDatabase, SQLITE_FILE_NAME } from './database';
export type { DatabaseKind, Storage, StorageOptions } from './database';
export { migrateToLatest } from './migrator';
export type { DatabaseSchema, Db } from './tables';
