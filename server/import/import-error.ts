/**
 * Why an input cannot be imported, as one line naming the file: `report.pdf: is an encrypted PDF ...`.
 * The importer throws it before anything is written; the command prints it and exits non-zero.
 */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ImportError';
  }
}
