/** True only in the test build (`npm run build:web:test`): browser-test hooks such as the grid probe are compiled in. */
declare const __ROUNDTRIP_TEST_HOOKS__: boolean;
