// Bundled by cmake/wasm.cmake into build/wasm/console-vendor/plot.js (served at /console/vendor/plot.js).
export * from '@observablehq/plot';
