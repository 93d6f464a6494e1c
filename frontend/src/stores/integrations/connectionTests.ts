import { ref } from 'vue';
import { toApiError, type ApiError } from '../../api/http';
import * as integrationsApi from '../../api/integrations';
import type { ConnectionHealthResponse } from '../../api/schema';

/** The last "Test connection" of one integration, kept while the person moves between pages. */
export type ConnectionTest =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'done'; result: ConnectionHealthResponse }
  | { phase: 'error'; error: ApiError };

const IDLE: ConnectionTest = { phase: 'idle' };

/** The Test connection part of the integrations store; `markChanged` re-reads the detail and tells other tabs. */
export function createConnectionTests(markChanged: (key: string) => Promise<void>) {
  const tests = ref<Record<string, ConnectionTest>>({});

  function connectionTestOf(key: string): ConnectionTest {
    return tests.value[key] ?? IDLE;
  }

  async function testConnection(key: string): Promise<void> {
    if (connectionTestOf(key).phase === 'testing') return;
    tests.value[key] = { phase: 'testing' };
    try {
      tests.value[key] = { phase: 'done', result: await integrationsApi.testConnection(key) };
    } catch (caught) {
      tests.value[key] = { phase: 'error', error: toApiError(caught) };
    }
    await markChanged(key);
  }

  function resetConnectionTests(): void {
    tests.value = {};
  }

  return { connectionTests: tests, connectionTestOf, testConnection, resetConnectionTests };
}
