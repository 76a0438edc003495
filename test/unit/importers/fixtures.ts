import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of a committed fixture under test/fixtures/trajectory/. */
export const fixturePath = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/trajectory/${name}`, import.meta.url));

export const readFixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
