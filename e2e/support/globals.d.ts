// What the scenarios' init scripts and probes leave on a page's window (see probes.mjs).
import type axe from 'axe-core';

declare global {
  interface Window {
    __marker?: string;
    __seenTexts?: string[];
    axe?: typeof axe;
  }
}

export {};
