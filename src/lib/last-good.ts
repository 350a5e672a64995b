/**
 * "Keep the last good value", the site's one way to do it for a value a page derives from the reader's input:
 * a new value is used when it has no problem (and becomes the last good one); otherwise the last good one stays,
 * or `fallback` when the last good one no longer passes the check either (the check can depend on other inputs),
 * and the problem is returned, to be said at the field. numberInput (components/number-input.ts) does the same for
 * the text typed into it.
 *
 *   const keepGroups = lastGood(4);   // in a cell of its own, so that it outlives the cells that use it
 *   const {value, problem} = keepGroups(requested, (g) => groupsError(cin, cout, g), 1);
 */
export type LastGood<T> = (
  candidate: T,
  problemOf: (v: T) => string | null,
  fallback: T,
) => { value: T; problem: string | null };

export function lastGood<T>(initial: T): LastGood<T> {
  let last = initial;
  return (candidate, problemOf, fallback) => {
    const problem = problemOf(candidate);
    if (problem === null) {
      last = candidate;
      return { value: candidate, problem: null };
    }
    return { value: problemOf(last) === null ? last : fallback, problem };
  };
}
