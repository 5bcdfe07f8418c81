/**
 * `assert.rejects` for uvu (which has none): awaits `work` and requires it to reject with an error
 * `check` accepts.
 */
export async function rejects(work: () => Promise<unknown>, check: (error: never) => boolean, message = 'expected a rejection'): Promise<void> {
  let failed = false;
  try {
    await work();
  } catch (error) {
    failed = true;
    if (!check(error as never)) throw new Error(`${message}: rejected with an unexpected error: ${(error as Error)?.message ?? String(error)}`);
  }
  if (!failed) throw new Error(`${message}: it resolved`);
}
