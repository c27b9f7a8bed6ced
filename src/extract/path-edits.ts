/** The IR value of a path edit a model names (`out.with_suffix(".tmp")`, `os.path.splitext(p)`), for every language. */
import type { Value } from '../facts/schema.js';
import type { PathEditModel } from './models.js';

/** `of` edited as the model says; a model of several edits gives a tuple of them (`(root, suffix)`). */
export function pathEdited(model: PathEditModel, of: Value, to: Value | undefined): Value {
  const edits = Array.isArray(model.edit) ? model.edit : [model.edit];
  const values: Value[] = edits.map((edit) => [{ edit, of, ...(to ? { to } : {}) }]);
  return values.length === 1 ? values[0]! : [{ items: values.map((value) => ({ value })) }];
}
