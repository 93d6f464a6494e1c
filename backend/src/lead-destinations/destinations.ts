import type { DestinationDefinition } from './destination-definition';
import { googleSheetsDestination } from './google-sheets/google-sheets.destination';
import { slackDestination } from './slack/slack.destination';

/** Every built-in lead destination; adding one here is all the wiring a new destination needs. */
export const DESTINATIONS: readonly DestinationDefinition[] = [slackDestination, googleSheetsDestination];

export function findDestination(integrationKey: string): DestinationDefinition | undefined {
  return DESTINATIONS.find((destination) => destination.integrationKey === integrationKey);
}
