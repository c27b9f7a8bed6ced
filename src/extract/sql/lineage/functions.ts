/** SQL function knowledge (aggregates, functions without parentheses, masking functions) from grammars/sql/functions.yaml. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const FunctionLists = z.strictObject({
  version: z.literal(1),
  aggregate: z.array(z.string().regex(/^[a-z_][a-z0-9_.]*$/)),
  niladic: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)),
  masking: z.array(z.string().regex(/^[a-z_][a-z0-9_.]*$/)),
  datePartFunctions: z.array(z.string().regex(/^[a-z_][a-z0-9_.]*$/)),
  dateParts: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)),
  typeArgumentFunctions: z.array(z.string().regex(/^[a-z_][a-z0-9_.]*$/)),
  dataTypes: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)),
});

export interface FunctionKnowledge {
  aggregate: ReadonlySet<string>;
  /** Functions called without parentheses (`SYSDATE`): an unqualified column of that name is the function. */
  niladic: ReadonlySet<string>;
  masking: ReadonlySet<string>;
  datePartFunctions: ReadonlySet<string>;
  dateParts: ReadonlySet<string>;
  typeArgumentFunctions: ReadonlySet<string>;
  dataTypes: ReadonlySet<string>;
}

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../grammars/sql/functions.yaml');
let loaded: FunctionKnowledge | undefined;

export function functionKnowledge(): FunctionKnowledge {
  if (loaded) return loaded;
  const parsed = FunctionLists.safeParse(parseYaml(readFileSync(FILE, 'utf8')));
  if (!parsed.success) throw new Error(`invalid SQL function lists in ${FILE}: ${z.prettifyError(parsed.error)}`);
  const lists = parsed.data;
  loaded = {
    aggregate: new Set(lists.aggregate), niladic: new Set(lists.niladic), masking: new Set(lists.masking),
    datePartFunctions: new Set(lists.datePartFunctions), dateParts: new Set(lists.dateParts),
    typeArgumentFunctions: new Set(lists.typeArgumentFunctions), dataTypes: new Set(lists.dataTypes),
  };
  return loaded;
}
