/**
 * Set a control's value as if the reader had typed it (preset and re-seed buttons): the control takes the value
 * (numberInput's setter also clears its message) and Framework's view() hears an "input" event.
 */
export function setControlValue(target: HTMLElement & { value: number }, v: number): void {
  target.value = v;
  target.dispatchEvent(new Event("input", { bubbles: true }));
}
