// ExceptionGroup (PEP 654) with split/subgroup/derive as in Python.

/** What `split`/`subgroup` accept: an error class, a list of classes, or a predicate. */
export type ExceptionMatcher =
  | (abstract new (...args: never[]) => unknown)
  | readonly (abstract new (...args: never[]) => unknown)[]
  | ((error: unknown) => boolean);

// Whether `fn` is a class (matched with instanceof) rather than a predicate: Error and
// its subclasses, and anything written with `class` syntax (JavaScript can throw any
// object, so a non-Error class is a valid error type here).
function isClass(fn: unknown): fn is abstract new (...args: never[]) => unknown {
  if (typeof fn !== "function") return false;
  if (fn === Error || (fn as { prototype?: unknown }).prototype instanceof Error) return true;
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

const BAD_MATCHER =
  "expected an exception type, a tuple of exception types, or a callable (other than a class)";

function toPredicate(cond: ExceptionMatcher): (e: unknown) => boolean {
  if (Array.isArray(cond)) {
    const classes = cond as readonly unknown[];
    if (!classes.every(isClass))
      throw new TypeError(`${BAD_MATCHER}: a list must hold only error classes`);
    return (e) => classes.some((c) => e instanceof c);
  }
  if (isClass(cond)) return (e) => e instanceof cond;
  if (typeof cond !== "function") throw new TypeError(`${BAD_MATCHER}, got ${typeof cond}`);
  return cond;
}

/**
 * Several errors raised together, e.g. by a `TaskGroup` whose children failed.
 *
 * @remarks
 * Python's `ExceptionGroup` (PEP 654). It extends `AggregateError`, so `.errors` works as
 * well as Python's `.exceptions`. `split()` and `subgroup()` behave as in Python, and
 * replace `except*`: see the "Structured concurrency" guide.
 * @typeParam E - the type of the leaf errors
 * @example
 * ```ts
 * import { ExceptionGroup } from "tsasyncio";
 * const eg = new ExceptionGroup("two failures", [new TypeError("a"), new RangeError("b")]);
 * const [types, rest] = eg.split(TypeError);
 * console.log(String(eg), types?.exceptions.length, rest?.exceptions.length);
 * // prints: ExceptionGroup: two failures (2 sub-exceptions) 1 1
 * ```
 * @category Errors
 */
export class ExceptionGroup<E = unknown> extends AggregateError {
  static {
    this.prototype.name = "ExceptionGroup";
  }
  /** The message given to the constructor, without the count that `message` adds. */
  readonly baseMessage: string;
  /**
   * @param message - the group's message
   * @param exceptions - a non-empty list of errors (nested groups allowed)
   * @throws TypeError if `exceptions` is not a non-empty array
   */
  constructor(message: string, exceptions: readonly E[]) {
    if (typeof message !== "string")
      throw new TypeError(`ExceptionGroup() argument 1 must be a string, got ${typeof message}`);
    if (!Array.isArray(exceptions))
      throw new TypeError("ExceptionGroup() second argument (exceptions) must be a sequence");
    if (exceptions.length === 0)
      throw new RangeError(
        "ExceptionGroup() second argument (exceptions) must be a non-empty sequence",
      );
    const n = exceptions.length;
    super(exceptions, `${message} (${n} sub-exception${n === 1 ? "" : "s"})`);
    this.baseMessage = message;
  }
  /** The errors in the group, as Python's `.exceptions` (the same array as `.errors`). */
  get exceptions(): readonly E[] {
    return this.errors as E[];
  }
  /**
   * A group with the same message, cause and stack holding other errors: what `split` and
   * `subgroup` use to build their parts. Override it in a subclass to keep the subclass.
   * @param exceptions - the errors of the new group
   */
  derive<F>(exceptions: readonly F[]): ExceptionGroup<F> {
    return new ExceptionGroup<F>(this.baseMessage, exceptions);
  }
  #copy<F>(exceptions: readonly F[]): ExceptionGroup<F> {
    const eg = this.derive(exceptions) as unknown;
    if (!(eg instanceof ExceptionGroup))
      throw new TypeError("derive must return an instance of BaseExceptionGroup");
    if (this.cause !== undefined) (eg as { cause?: unknown }).cause = this.cause;
    if (this.stack !== undefined) eg.stack = this.stack;
    return eg as ExceptionGroup<F>;
  }
  /**
   * Splits the group into the errors that match `condition` and the rest, keeping the
   * nesting. Each part is `null` when empty.
   * @param condition - an error class, a list of classes, or a predicate (called on
   *   nested groups too, as in Python)
   * @returns `[match, rest]`
   * @throws TypeError if `condition` is neither a class, a list of classes nor a function,
   *   or if {@link ExceptionGroup.derive} does not return an ExceptionGroup
   */
  split(condition: ExceptionMatcher): [ExceptionGroup | null, ExceptionGroup | null] {
    const [match, rest] = this.#split(toPredicate(condition), true);
    return [match as ExceptionGroup | null, rest as ExceptionGroup | null];
  }

  // CPython's exceptiongroup_split_recursive: the condition is checked on the group itself,
  // then on each member, nested groups included; `rest` is built only for split().
  #split(pred: (e: unknown) => boolean, withRest: boolean): [unknown, unknown] {
    if (pred(this)) return [this, null];
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup && #split in e) {
        const [m, r] = (e as ExceptionGroup).#split(pred, withRest);
        if (m !== null) match.push(m);
        if (r !== null) rest.push(r);
      } else if (pred(e)) match.push(e);
      else if (withRest) rest.push(e);
    }
    return [
      match.length > 0 ? this.#copy(match) : null,
      withRest && rest.length > 0 ? this.#copy(rest) : null,
    ];
  }
  /**
   * The errors that match `condition`, keeping the nesting, or `null` if none does.
   * @param condition - an error class, a list of classes, or a predicate
   * @throws TypeError as {@link ExceptionGroup.split} does
   */
  subgroup(condition: ExceptionMatcher): ExceptionGroup | null {
    return this.#split(toPredicate(condition), false)[0] as ExceptionGroup | null;
  }
}
