import { onMounted, onScopeDispose, watch, type Ref } from 'vue';

const focusableSelector = [
  'a[href]',
  'area[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'iframe',
  '[contenteditable="true"]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

export function focusableElements(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(focusableSelector)).filter(
    (element) => !element.hasAttribute('inert') && element.getAttribute('aria-hidden') !== 'true',
  );
}

/**
 * Keeps keyboard focus inside `container` while `active` is true: moves focus in when it becomes
 * active (to `[data-autofocus]`, else the first focusable element, else the container itself),
 * cycles Tab / Shift+Tab, reports Esc, and gives focus back to whatever had it before when it ends.
 */
export function useFocusTrap(container: Ref<HTMLElement | null>, active: Ref<boolean>, options: { onEscape?: () => void } = {}) {
  let returnTo: HTMLElement | null = null;

  function focusFirst(): void {
    const root = container.value;
    if (!root) return;
    const preferred = root.querySelector<HTMLElement>('[data-autofocus]:not([disabled])');
    (preferred ?? focusableElements(root)[0] ?? root).focus();
  }

  function onKeydown(event: KeyboardEvent): void {
    const root = container.value;
    if (!active.value || !root) return;
    if (event.key === 'Escape' && options.onEscape) {
      // Listened to on the document so Esc works even when focus fell off a button that got disabled.
      event.preventDefault();
      event.stopPropagation();
      options.onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusableElements(root);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      // Nothing focusable right now (e.g. buttons disabled while saving): stay on the container.
      event.preventDefault();
      root.focus();
      return;
    }
    const current = document.activeElement;
    const outside = !(current instanceof HTMLElement) || !root.contains(current);
    if (event.shiftKey && (current === first || current === root || outside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (current === last || outside)) {
      event.preventDefault();
      first.focus();
    }
  }

  /** Focus that escapes anyway (a click on the backdrop, screen reader moves) is pulled back in. */
  function onFocusIn(event: FocusEvent): void {
    const root = container.value;
    if (!active.value || !root) return;
    if (event.target instanceof Node && !root.contains(event.target)) focusFirst();
  }

  let trapping = false;

  function activate(): void {
    if (trapping) return;
    trapping = true;
    returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.addEventListener('keydown', onKeydown);
    document.addEventListener('focusin', onFocusIn);
    focusFirst();
  }

  function release(): void {
    if (!trapping) return;
    trapping = false;
    document.removeEventListener('keydown', onKeydown);
    document.removeEventListener('focusin', onFocusIn);
    const target = returnTo;
    returnTo = null;
    // Only when that element still exists; otherwise the owner decides (e.g. Connect after Disconnect).
    if (target?.isConnected) target.focus();
  }

  // After the DOM update: the container exists on open, and removed elements are gone on close.
  watch(active, (isActive) => (isActive ? activate() : release()), { flush: 'post' });
  onMounted(() => {
    if (active.value) activate();
  });
  onScopeDispose(release);

  return { focusFirst };
}
