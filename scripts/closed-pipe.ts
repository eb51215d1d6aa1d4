// A reader that stops early (`npm run -s passages | head`) closes the pipe. That ends the output; it is
// not a failure, so no stack trace and exit 0, as `cat` and `grep` do.
export function endQuietlyWhenPipeCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
