/** The event log consumer of one destination: its own cursor per (account, integration). */
export function destinationConsumer(destinationId: string): string {
  return `lead-destination:${destinationId}`;
}
