// Thin wrappers over browser navigation so the rest of the code (and its tests) never has to
// touch window.location directly, which jsdom cannot stub.

export function redirectTo(url: string): void {
  window.location.assign(url);
}

export function closeCurrentWindow(): void {
  window.close();
}
