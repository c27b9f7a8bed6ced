/** The annotation manifest (lineage.yaml): loading, the strict model, and the pattern matchers it uses. */
export { ManifestError } from './errors.js';
export { DEFAULT_MANIFEST_NAMES, findManifest, loadManifest, parseManifest } from './load.js';
export { emptyManifest, modelsFor } from './model.js';
export type { AssetAnnotationEntry, Manifest, ManifestModels, ManifestSuppression, PathSetting, Policy } from './model.js';
