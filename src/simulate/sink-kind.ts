/**
 * The kind of a sink once its targets are known: a request to a host outside the organisation hands the data to
 * someone else, so an `http` sink with an external target is a `third_party` one.
 */
import { isExternalHost } from '../classify/hosts.js';

export function sinkKind(kind: string, targets: readonly string[]): string {
  return kind === 'http' && targets.some((t) => !t.includes('\u0000') && isExternalHost(t)) ? 'third_party' : kind;
}
