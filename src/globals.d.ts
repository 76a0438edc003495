// Replaced at bundle time by scripts/build.mjs with the version in package.json.
declare const __ROLLOUT_STUDIO_VERSION__: string;
