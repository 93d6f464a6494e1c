import { nextTick } from 'vue';

/** Lets pending promises (mocked fetches, store actions) and Vue's re-render run to completion. */
export async function settle(rounds = 50): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await Promise.resolve();
  }
  await nextTick();
}
