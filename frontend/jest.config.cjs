/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  // Resolve vue, pinia and vue-router to their CommonJS builds instead of the browser ESM ones.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  roots: ['<rootDir>/src'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json', 'vue'],
  transform: {
    '^.+\\.vue$': '@vue/vue3-jest',
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  setupFiles: ['<rootDir>/src/test-support/setup.ts'],
  restoreMocks: true,
  clearMocks: true,
};
