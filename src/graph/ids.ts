/** Stable ids and orderings shared by the graph and the reports. */

export function assetKind(assetId: string): string {
  const colon = assetId.indexOf(':');
  return colon > 0 ? assetId.slice(0, colon) : 'unknown';
}

export function assetName(assetId: string): string {
  const colon = assetId.indexOf(':');
  return colon > 0 ? assetId.slice(colon + 1) : assetId;
}

/** A job id: the file and the 1-based ordinal of the job inside it (`warehouse/x.sql#2`). */
export function jobId(file: string, ordinal: number): string {
  return `${file}#${ordinal}`;
}

/** Code-unit order, with runs of digits compared as numbers (`a#2` before `a#10`); locale independent. */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      let ei = i;
      let ej = j;
      while (ei < a.length && a.charCodeAt(ei) >= 48 && a.charCodeAt(ei) <= 57) ei++;
      while (ej < b.length && b.charCodeAt(ej) >= 48 && b.charCodeAt(ej) <= 57) ej++;
      const na = a.slice(i, ei).replace(/^0+(?=\d)/, '');
      const nb = b.slice(j, ej).replace(/^0+(?=\d)/, '');
      if (na.length !== nb.length) return na.length - nb.length;
      if (na !== nb) return na < nb ? -1 : 1;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return (a.length - i) - (b.length - j) || (a < b ? -1 : a > b ? 1 : 0);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
