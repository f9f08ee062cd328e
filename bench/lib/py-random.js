// Port of CPython's random module core (Modules/_randommodule.c and Lib/random.py):
// MT19937 seeded like `random.seed(n)` for a small non-negative integer n
// (init_by_array with key [n]), `random()` (53-bit float), `getrandbits(k)` for
// k <= 32 and `randint(a, b)` (randrange → _randbelow_with_getrandbits). The async_tree
// workloads need exactly CPython's draws so that every system builds the same tree.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class PyRandom {
  #mt = new Uint32Array(N);
  #mti = N + 1;

  /** @param {number} seed - a non-negative integer below 2**32 */
  constructor(seed = 0) {
    this.seed(seed);
  }

  #initGenrand(s) {
    const mt = this.#mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2**32, without losing bits to float rounding.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.#mti = N;
  }

  #initByArray(key) {
    const mt = this.#mt;
    this.#initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** `random.seed(n)` for an integer 0 <= n < 2**32 (CPython: key = [n], [0] for 0). */
  seed(n) {
    if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32)
      throw new RangeError("PyRandom.seed() takes an integer in [0, 2**32)");
    this.#initByArray([n >>> 0]);
  }

  /** CPython's genrand_uint32. */
  genrandUint32() {
    const mt = this.#mt;
    if (this.#mti >= N) {
      let kk = 0;
      let y;
      for (; kk < N - M; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.#mti = 0;
    }
    let y = mt[this.#mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random.random()`: a float in [0, 1) with 53 random bits. */
  random() {
    const a = this.genrandUint32() >>> 5;
    const b = this.genrandUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `random.getrandbits(k)` for 1 <= k <= 32. */
  getrandbits(k) {
    if (!(k >= 1 && k <= 32)) throw new RangeError("getrandbits() supports 1 <= k <= 32 here");
    return this.genrandUint32() >>> (32 - k);
  }

  /** `random.randint(a, b)`: randrange(a, b + 1) = a + _randbelow(b - a + 1). */
  randint(a, b) {
    const n = b - a + 1;
    if (!(n >= 1 && n <= 2 ** 32)) throw new RangeError("randint() range unsupported here");
    const k = Math.floor(Math.log2(n)) + 1; // n.bit_length()
    let r = this.getrandbits(Math.min(k, 32));
    while (r >= n) r = this.getrandbits(Math.min(k, 32));
    return a + r;
  }
}
