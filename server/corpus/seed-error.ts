/**
 * A problem with a seed file or the catalog, reported as `file:line: message` so a user can go straight
 * to it. Ingestion throws it; the indexer prints it and leaves the previous index in place.
 */
export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'SeedError';
  }
}
