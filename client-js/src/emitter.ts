/** A minimal typed event emitter (no Node `events` in the browser bundle). */
export class Emitter<Events extends { [K in keyof Events]: (...args: any[]) => void }> {
  private readonly handlers = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, handler: Events[K]): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler);
    return () => this.off(event, handler);
  }

  off<K extends keyof Events>(event: K, handler: Events[K]): void {
    this.handlers.get(event)?.delete(handler);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.handlers.get(event);
    if (!set) return;
    for (const h of [...set]) {
      try {
        (h as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (e) {
        // An application handler's bug must not break the connection's state machine.
        setTimeout(() => { throw e; }, 0);
      }
    }
  }
}
