import { useSyncExternalStore } from 'react';

/** State that changes outside React (socket events) and is read by components through `useStore`. */
export class Store<S> {
  private listeners = new Set<() => void>();

  constructor(protected state: S) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): S => this.state;

  protected update(patch: Partial<S> | ((state: S) => Partial<S>)): void {
    const next = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener();
  }
}

export function useStore<S>(store: Store<S>): S {
  return useSyncExternalStore(store.subscribe, store.getState);
}
