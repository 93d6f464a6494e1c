import type { ValueTransformer } from 'typeorm';

/** BIGINT values arrive as strings from mysql2 and as numbers from SQLite: always a string in the app. */
export const bigintAsString: ValueTransformer = {
  from: (value: unknown) => (value == null ? value : String(value)),
  to: (value: unknown) => value,
};
