/**
 * Runs a benchmark's `main` as a script: on success it exits once everything is closed (or after 3 s if some
 * library still holds a handle), on failure it logs the error and exits 1.
 */
export function runMain(main: () => Promise<void>, log: (message: string) => void): void {
  main().then(
    () => {
      // Everything is closed; if some library still holds a handle, do not hang the caller.
      setTimeout(() => {
        log('handles still open after shutdown; exiting');
        process.exit(0);
      }, 3000).unref();
    },
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 3000).unref();
    },
  );
}
