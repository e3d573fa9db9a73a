/**
 * Model events, as Eloquent names them. A `*ing` listener that returns `false` cancels the write
 * (nothing is sent); `*ed` listeners run after the write is durable. Listeners run in the order
 * they were added; an error thrown by one propagates to the caller.
 */
export type ModelEvent =
  | 'creating' | 'created'
  | 'updating' | 'updated'
  | 'saving' | 'saved'
  | 'deleting' | 'deleted'
  | 'restoring' | 'restored'
  | 'forceDeleting' | 'forceDeleted'

export const MODEL_EVENTS: readonly ModelEvent[] = [
  'creating', 'created', 'updating', 'updated', 'saving', 'saved',
  'deleting', 'deleted', 'restoring', 'restored', 'forceDeleting', 'forceDeleted',
]

export type Listener<M> = (model: M) => unknown

export class EventRegistry<M> {
  readonly #listeners = new Map<ModelEvent, Listener<M>[]>()

  on(event: ModelEvent, listener: Listener<M>): () => void {
    if (!MODEL_EVENTS.includes(event)) throw new TypeError(`unknown model event ${JSON.stringify(event)}; events: ${MODEL_EVENTS.join(', ')}`)
    const list = this.#listeners.get(event) ?? []
    list.push(listener)
    this.#listeners.set(event, list)
    return () => {
      const at = list.indexOf(listener)
      if (at >= 0) list.splice(at, 1)
    }
  }

  /** True when some listener waits for one of `events` (a write with none skips the await). */
  listens(...events: ModelEvent[]): boolean {
    return events.some((e) => (this.#listeners.get(e)?.length ?? 0) > 0)
  }

  /** Runs the listeners of `events` in turn; false when one of them returned false (cancel). */
  async fire(model: M, ...events: ModelEvent[]): Promise<boolean> {
    for (const event of events) {
      for (const listener of this.#listeners.get(event) ?? []) {
        if ((await listener(model)) === false) return false
      }
    }
    return true
  }
}
