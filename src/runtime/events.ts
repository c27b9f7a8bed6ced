/**
 * Run-time lineage read from a JSON-lines file: OpenLineage events (RunEvent or JobEvent, as Marquez exports and the
 * Airflow/Spark integrations emit) and a simple observed-flow record `{"from", "to", "job", "observedAt"}`. Events of
 * one run are merged (inputs and outputs arrive across START/RUNNING/COMPLETE); every input x output pair of a run
 * is one observation. Lines that are neither become problems with their line number; nothing throws.
 */
export interface RuntimeDataset {
  namespace: string;
  name: string;
}

/** One end of an observed edge: an OpenLineage dataset, or an asset name/id from a simple record. */
export type RuntimeEnd = { dataset: RuntimeDataset } | { asset: string };

export interface Observation {
  from: RuntimeEnd;
  to: RuntimeEnd;
  /** `namespace/name` of the OpenLineage job, or the record's `job`. */
  job: string;
  /** 1-based line of the (first) event in the file. */
  line: number;
}

export interface RuntimeProblem {
  line: number;
  detail: string;
}

export interface RuntimeEvents {
  observations: Observation[];
  problems: RuntimeProblem[];
  /** How many lines were read as OpenLineage events and as simple records. */
  counts: { openlineage: number; simple: number };
}

interface RunDraft {
  job: string;
  line: number;
  inputs: Map<string, RuntimeDataset>;
  outputs: Map<string, RuntimeDataset>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function datasets(value: unknown): RuntimeDataset[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject)
    .filter((d) => typeof d.namespace === 'string' && typeof d.name === 'string')
    .map((d) => ({ namespace: d.namespace as string, name: d.name as string }));
}

const datasetKey = (d: RuntimeDataset) => `${d.namespace}\u0000${d.name}`;

export function parseRuntimeEvents(text: string): RuntimeEvents {
  const runs = new Map<string, RunDraft>();
  const observations: Observation[] = [];
  const problems: RuntimeProblem[] = [];
  const counts = { openlineage: 0, simple: 0 };
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch {
      problems.push({ line, detail: 'not JSON' });
      return;
    }
    if (!isObject(data)) {
      problems.push({ line, detail: 'not a JSON object' });
      return;
    }
    if (typeof data.from === 'string' && typeof data.to === 'string') {
      counts.simple++;
      observations.push({ from: { asset: data.from }, to: { asset: data.to }, job: typeof data.job === 'string' ? data.job : '(unnamed)', line });
      return;
    }
    const job = isObject(data.job) && typeof data.job.name === 'string' ? data.job : undefined;
    if (!job) {
      problems.push({ line, detail: 'neither an OpenLineage event with a job nor a {"from", "to"} record' });
      return;
    }
    counts.openlineage++;
    const jobName = `${typeof job.namespace === 'string' ? job.namespace : ''}/${job.name as string}`;
    const runId = isObject(data.run) && typeof data.run.runId === 'string' ? data.run.runId : `job:${jobName}`;
    let run = runs.get(runId);
    if (!run) runs.set(runId, (run = { job: jobName, line, inputs: new Map(), outputs: new Map() }));
    for (const d of datasets(data.inputs)) run.inputs.set(datasetKey(d), d);
    for (const d of datasets(data.outputs)) run.outputs.set(datasetKey(d), d);
  });
  for (const run of runs.values()) {
    for (const input of run.inputs.values()) {
      for (const output of run.outputs.values()) {
        if (datasetKey(input) === datasetKey(output)) continue;
        observations.push({ from: { dataset: input }, to: { dataset: output }, job: run.job, line: run.line });
      }
    }
  }
  observations.sort((a, b) => a.line - b.line);
  return { observations, problems, counts };
}
