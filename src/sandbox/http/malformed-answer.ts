/**
 * Thrown by an emulator that must answer 200 with a body cut off mid-JSON (a `malformed` fault).
 * Each emulator's exception filter sends `text` verbatim as `application/json`.
 */
export class MalformedAnswer extends Error {
  override readonly name = 'MalformedAnswer';
  readonly text: string;

  constructor(intendedBody: unknown) {
    super('Forced malformed answer');
    const json = JSON.stringify(intendedBody);
    this.text = json.slice(0, Math.max(1, Math.floor(json.length / 2)));
  }
}
