/**
 * Long computations written as generators of steps (building a network layer by layer, dequantizing a file
 * layer by layer) run either in one go or cooperatively: the page keeps responding because the runner yields to
 * the event loop every ~30 ms and reports the latest step as progress.
 */

/** Let other tasks (painting, input, timers) run before continuing. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Run a step generator to its end without pausing. */
export function runSteps<S, R>(steps: Generator<S, R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Run a step generator, reporting progress and yielding to the event loop every ~30 ms. */
export async function runStepsAsync<S, R>(steps: Generator<S, R>, onProgress?: (s: S) => void): Promise<R> {
  return (await runStepsWhile(steps, () => true, onProgress)) as R;
}

/**
 * runStepsAsync that can be abandoned: once `current()` turns false (a newer request, a Stop button) it closes
 * the generator (so its `finally` blocks free what it holds) and returns null.
 */
export async function runStepsWhile<S, R>(
  steps: Generator<S, R>,
  current: () => boolean,
  onProgress?: (s: S) => void,
): Promise<R | null> {
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - last > 30) {
      onProgress?.(r.value);
      await yieldToEventLoop();
      last = performance.now();
      if (!current()) {
        steps.return(undefined as R);
        return null;
      }
    }
  }
}
