/** Finding levels, shared by the manifest (policy severities) and the report. */
import { FINDING_LEVELS } from '../report/json/schema.js';

export { FINDING_LEVELS };
export type FindingLevel = (typeof FINDING_LEVELS)[number];
