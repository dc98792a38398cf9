type TypedArray = Int32Array | Float64Array;

/** An append-only typed array that doubles its capacity as it grows (amortised O(1) push, no per-element objects). */
class Growable<A extends TypedArray> {
  private buf: A;
  length = 0;

  constructor(
    private readonly make: (n: number) => A,
    capacity: number,
  ) {
    this.buf = make(Math.max(1, capacity));
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = this.make(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** A trimmed copy of the contents. */
  toArray(): A {
    return this.buf.slice(0, this.length) as A;
  }
}

/** A growable Int32Array (codes). */
export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity = 1024) {
    super((n) => new Int32Array(n), capacity);
  }
}

/** A growable Float64Array (durations, values). */
export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity = 1024) {
    super((n) => new Float64Array(n), capacity);
  }
}
