/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic', importSource: 'preact' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // Fault scenarios that take minutes run with `npm run test:faults` only (docs/reliability.md).
  testPathIgnorePatterns: ['/node_modules/', '\\.long\\.spec\\.ts$'],
  transform: {
    '^.+\\.tsx?$': swc,
    // jose and preact 11 ship ES modules only. Node ≥ 20.19 loads them with require(); jest's
    // CommonJS runtime cannot, so swc compiles them to CommonJS for tests.
    '/node_modules/(jose|preact|preact-render-to-string)/.+\\.m?js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|preact|preact-render-to-string)/)'],
  // Temporal's native bridge keeps a handle open after teardown (sdk-typescript#928).
  forceExit: true,
  testTimeout: 60_000,
};
