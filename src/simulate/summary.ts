/**
 * Function summaries: what a unit does in terms of its parameters. The return value (parameter labels stand for
 * the arguments), and effects the caller completes: data reaching a sink, data written to an asset whose name
 * or content depends on the arguments, data stored into an argument object.
 */
import type { AValue } from './values.js';

/** Where data leaves: a sink step of some unit. */
export interface SinkRef {
  file: string;
  unit: string;
  line: number;
  endLine?: number;
  kind: string;
  callee: string;
  /** Possible targets (URL, path, topic), markers included while they depend on parameters. */
  targets: string[];
  /** Asset kind of the target, for sinks that are also assets (`api`, `file`, `topic`, `bucket`). */
  asset?: string;
  /** Reached in a copy of an inherited method: `unit` names the class that ran it, and its hits are its own. */
  inherited?: true;
}

/** What tells one hit from another: the source's label and the sink (and, in a copy, the class that ran it). */
/** The sink with `more` targets too (callers naming different files), sorted; itself when none is new. */
export function withTargets(sink: SinkRef, more: readonly string[]): SinkRef {
  if (more.every((target) => sink.targets.includes(target))) return sink;
  return { ...sink, targets: [...new Set([...sink.targets, ...more])].sort() };
}

export function hitKey(label: number, sink: SinkRef): string {
  return `${label}|${sink.file}:${sink.line}:${sink.kind}${sink.inherited ? `:${sink.unit}` : ''}`;
}

/**
 * Effects callers complete. `hops` counts the calls an effect was inherited through: past MAX_HOPS it is no longer
 * passed on (data rarely crosses more helpers before leaving, and the transitive closure is what costs).
 */
export type Effect = (
  | { type: 'sink'; sink: SinkRef; data: AValue }
  | {
    type: 'write';
    /** Asset id, markers included while it depends on parameters. */
    asset: string;
    data: AValue;
    line: number;
    callee: string;
    /** Written by code rather than only by an embedded statement with bound values. */
    code: boolean;
    /** Also a sink (a file written). */
    sink?: SinkRef;
  }
  | { type: 'mutate'; param: number; path: string[]; data: AValue }
  | {
    /** An embedded statement whose table names a caller completes (markers in `text`; `data` stays empty). */
    type: 'statement';
    text: string;
    data: AValue;
    /** The step that runs it: its unit's key and index, file and the statement's line. */
    unitKey: string;
    step: number;
    file: string;
    line: number;
  }
) & { hops?: number };

export const MAX_HOPS = 4;

export interface Summary {
  ret: AValue;
  effects: Effect[];
  /** Compact description used to tell whether a new summary differs from the previous one. */
  signature: string;
}

function valueSignature(value: AValue, depth = 0): string {
  const parts: string[] = [];
  if (value.labels.size > 0) parts.push(`l${[...value.labels.keys()].sort((a, b) => a - b).join(',')}`);
  if (value.consts) parts.push(`c${value.consts.join('\u0002')}`);
  if (value.handles) parts.push(`h${value.handles.join('\u0002')}`);
  if (value.callables) parts.push(`f${value.callables.map((c) => c.unit).join(',')}`);
  if (value.instances) parts.push(`i${value.instances.join(',')}`);
  if (value.fields && depth < 2) {
    parts.push(`{${[...value.fields].map(([k, v]) => `${k}:${valueSignature(v, depth + 1)}`).sort().join(';')}}`);
  }
  return parts.join('|');
}

export function summarySignature(ret: AValue, effects: readonly Effect[]): string {
  const effectParts = effects.map((effect) => {
    switch (effect.type) {
      case 'sink':
        return `s${effect.sink.file}:${effect.sink.line}:${effect.sink.targets.join(',')}:${valueSignature(effect.data)}`;
      case 'write':
        return `w${effect.asset}:${effect.line}:${valueSignature(effect.data)}`;
      case 'mutate':
        return `m${effect.param}.${effect.path.join('.')}:${valueSignature(effect.data)}`;
      case 'statement':
        return `q${effect.unitKey}:${effect.step}:${effect.text}`;
    }
  }).sort();
  return `${valueSignature(ret)}#${effectParts.join('#')}`;
}
