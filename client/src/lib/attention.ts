/**
 * Getting a person's attention for something new that waits for them (a printer's alert
 * today, a waiting chat later): a short sound that can be muted, a desktop notification
 * after the browser's permission was asked once, and a count in the tab title. The menu
 * shows the same count (`useAttentionCount`). Reusable: every source names its own key.
 */
import { useSyncExternalStore } from 'react';

const MUTE_KEY = 'kefu.attention.muted';
const ASKED_KEY = 'kefu.attention.permissionAsked';

const counts = new Map<string, number>();
const listeners = new Set<() => void>();
let baseTitle: string | null = null;

function emit(): void {
  for (const listener of listeners) listener();
}

/** The total waiting, for the tab title: `(3) 客服控制台`. */
export function titleWithCount(title: string, count: number): string {
  const bare = title.replace(/^\(\d+\)\s*/, '');
  return count > 0 ? `(${count}) ${bare}` : bare;
}

/** Sets how many things of `key` wait (0 clears); the tab title shows the total. */
export function setAttentionCount(key: string, count: number): void {
  if ((counts.get(key) ?? 0) === count) return;
  counts.set(key, count);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (typeof document !== 'undefined') {
    baseTitle ??= document.title.replace(/^\(\d+\)\s*/, '');
    document.title = titleWithCount(baseTitle, total);
  }
  emit();
}

export function attentionCount(key: string): number {
  return counts.get(key) ?? 0;
}

/** The count of `key`, live (the menu item's badge). */
export function useAttentionCount(key: string): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => counts.get(key) ?? 0,
  );
}

export function isMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function setMuted(muted: boolean): void {
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    // private mode: the choice lasts for this page only
  }
  emit();
}

export function useMuted(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isMuted,
  );
}

/** Two short tones (no file to load); silent when muted or when the browser refuses audio. */
export function playChime(): void {
  if (isMuted() || typeof window === 'undefined' || !('AudioContext' in window)) return;
  try {
    const audio = new AudioContext();
    [0, 0.18].forEach((offset, index) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = index === 0 ? 880 : 1175;
      gain.gain.setValueAtTime(0.15, audio.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + offset);
      osc.stop(audio.currentTime + offset + 0.17);
    });
    setTimeout(() => void audio.close(), 600);
  } catch {
    // no audio device: the title and the badge still show it
  }
}

/** Asks for the desktop-notification permission once per browser (never again after an answer). */
export async function askNotificationPermissionOnce(): Promise<void> {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  try {
    if (localStorage.getItem(ASKED_KEY) === '1') return;
    localStorage.setItem(ASKED_KEY, '1');
  } catch {
    return;
  }
  await Notification.requestPermission();
}

/**
 * Asks for the permission at the person's first click or key press on the page: browsers
 * ignore (or hold against the site) a request that no gesture started. Once per browser.
 */
export function askNotificationPermissionOnFirstGesture(): void {
  if (typeof document === 'undefined' || typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  const ask = () => {
    document.removeEventListener('pointerdown', ask, true);
    document.removeEventListener('keydown', ask, true);
    void askNotificationPermissionOnce();
  };
  document.addEventListener('pointerdown', ask, true);
  document.addEventListener('keydown', ask, true);
}

/**
 * A desktop notification when allowed, and the chime (unless `chime: false`, for a second
 * signal of the same arrival); `tag` replaces an older notification of the same thing.
 */
export function notifyAttention(title: string, body: string, tag: string, options: { chime?: boolean } = {}): void {
  if (options.chime !== false) playChime();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag });
  } catch {
    // some browsers allow notifications only from a service worker
  }
}
