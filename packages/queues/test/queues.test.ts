// Port of Lib/test/test_asyncio/test_queues.py (3.13), case by case.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  TimeoutError,
  type Future,
} from "@tsasyncio/futures";
import { createTask, sleep, type Coroutine } from "@tsasyncio/tasks";
import { LifoQueue, PriorityQueue, Queue } from "@tsasyncio/queues";
import { itCo } from "../../../test-support/index.js";
import { taskGroup, waitFor } from "../../../test-support/stand-ins.js";

function* catching(aw: Iterable<unknown>): Coroutine<unknown> {
  try {
    yield* aw;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("QueueBasicTests", () => {
  // Test Queue's repr or str. Python's repr also shows the id; ours never does.
  function* testReprOrStr(fn: (q: Queue<number>) => string) {
    let q = new Queue<number>();
    expect(fn(q).startsWith("<Queue")).toBe(true);
    expect(fn(q)).not.toMatch(/0x[0-9a-f]+/);

    // getters
    q = new Queue<number>();
    const qq = q;
    let getter: Future<number> | null = null;
    yield* taskGroup(function* (create) {
      // Start a task that waits to get.
      getter = create(qq.get());
      // Let it start waiting.
      yield* sleep(0);
      expect(fn(qq)).toContain("_getters[1]");
      // Resume the q.get coroutine to finish it.
      qq.putNowait(0);
    });
    expect(yield* getter as unknown as Future<number>).toBe(0);

    // putters
    q = new Queue<number>(1);
    const qp = q;
    let putter: Future<void> | null = null;
    yield* taskGroup(function* (create) {
      qp.putNowait(1);
      // Start a task that waits to put.
      putter = create(qp.put(2));
      // Let it start waiting.
      yield* sleep(0);
      expect(fn(qp)).toContain("_putters[1]");
      // Resume the q.put coroutine to finish it.
      qp.getNowait();
    });
    expect((putter as unknown as Future<void>).done()).toBe(true);

    q = new Queue<number>();
    q.putNowait(1);
    expect(fn(q)).toContain("_queue=[1]");
  }

  itCo("test_repr", function* () {
    yield* testReprOrStr((q) => inspect(q));
  });

  itCo("test_str", function* () {
    yield* testReprOrStr((q) => String(q));
  });

  // test_generic_alias: Queue[int] is Python typing; Queue<number> is checked in types.test-d.ts.

  itCo("test_empty", function* () {
    const q = new Queue<number>();
    expect(q.empty()).toBe(true);
    yield* q.put(1);
    expect(q.empty()).toBe(false);
    expect(yield* q.get()).toBe(1);
    expect(q.empty()).toBe(true);
  });

  itCo("test_full", function* () {
    let q = new Queue<number>();
    expect(q.full()).toBe(false);

    q = new Queue<number>(1);
    yield* q.put(1);
    expect(q.full()).toBe(true);
  });

  itCo("test_order", function* () {
    const q = new Queue<number>();
    for (const i of [1, 3, 2]) yield* q.put(i);

    const items = [yield* q.get(), yield* q.get(), yield* q.get()];
    expect(items).toEqual([1, 3, 2]);
  });

  itCo("test_maxsize", function* () {
    const q = new Queue<number>(2);
    expect(q.maxsize).toBe(2);
    const haveBeenPut: number[] = [];

    function* putter() {
      for (let i = 0; i < 3; i++) {
        yield* q.put(i);
        haveBeenPut.push(i);
      }
      return true;
    }

    const t = createTask(putter());
    for (let i = 0; i < 2; i++) yield* sleep(0);

    // The putter is blocked after putting two items.
    expect(haveBeenPut).toEqual([0, 1]);
    expect(yield* q.get()).toBe(0);

    // Let the putter resume and put the last item.
    yield* sleep(0);
    expect(haveBeenPut).toEqual([0, 1, 2]);
    expect(yield* q.get()).toBe(1);
    expect(yield* q.get()).toBe(2);

    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  });
});

describe("QueueGetTests", () => {
  itCo("test_blocking_get", function* () {
    const q = new Queue<number>();
    q.putNowait(1);

    expect(yield* q.get()).toBe(1);
  });

  itCo("test_get_with_putters", function* ({ loop }) {
    const q = new Queue<number>(1);
    yield* q.put(1);

    const waiter = loop.createFuture<void>();
    q._putters.push(waiter);

    expect(yield* q.get()).toBe(1);
    expect(waiter.done()).toBe(true);
    expect(waiter.result()).toBeUndefined();
  });

  itCo("test_blocking_get_wait", function* ({ loop }) {
    const q = new Queue<number>();
    // CPython uses an asyncio.Event; a Future does the same here (queues do not import sync).
    const started = loop.createFuture<void>();
    let finished = false;

    function* queueGet() {
      started.setResult(undefined);
      const res = yield* q.get();
      finished = true;
      return res;
    }

    const queueGetTask = createTask(queueGet());
    yield* started;
    expect(finished).toBe(false);
    loop.callLater(0.01, (x: number) => q.putNowait(x), 1);
    const res = yield* queueGetTask;
    expect(finished).toBe(true);
    expect(res).toBe(1);
  });

  it("test_nonblocking_get", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  it("test_nonblocking_get_exception", () => {
    const q = new Queue<number>();
    expect(() => q.getNowait()).toThrow(QueueEmpty);
  });

  itCo("test_get_cancelled_race", function* () {
    const q = new Queue<string>();

    const t1 = createTask(q.get());
    const t2 = createTask(q.get());

    yield* sleep(0);
    t1.cancel();
    yield* sleep(0);
    expect(t1.done()).toBe(true);
    yield* q.put("a");
    yield* sleep(0);
    expect(yield* t2).toBe("a");
  });

  itCo("test_get_with_waiting_putters", function* () {
    const q = new Queue<string>(1);
    createTask(q.put("a"));
    createTask(q.put("b"));
    expect(yield* q.get()).toBe("a");
    expect(yield* q.get()).toBe("b");
  });

  itCo("test_why_are_getters_waiting", function* () {
    function* consumer(queue: Queue<number>, numExpected: number) {
      for (let i = 0; i < numExpected; i++) yield* queue.get();
    }

    function* producer(queue: Queue<number>, numItems: number) {
      for (let i = 0; i < numItems; i++) yield* queue.put(i);
    }

    const producerNumItems = 5;

    const q = new Queue<number>(1);
    yield* taskGroup((create) => {
      create(producer(q, producerNumItems));
      create(consumer(q, producerNumItems));
    });
  });

  itCo("test_cancelled_getters_not_being_held_in_self_getters", function* ({ loop }) {
    const queue = new Queue<number>(5);

    const error = yield* catching(waitFor(queue.get(), 0.1));
    expect(error).toBeInstanceOf(TimeoutError);

    expect(queue._getters.length).toBe(0);
    // Under the VirtualTimeLoop the timeout jumps at once.
    expect(loop.time()).toBe(0.1);
  });
});

describe("QueuePutTests", () => {
  itCo("test_blocking_put", function* () {
    const q = new Queue<number>();

    // No maxsize, won't block.
    yield* q.put(1);
    expect(yield* q.get()).toBe(1);
  });

  itCo("test_blocking_put_wait", function* ({ loop }) {
    const q = new Queue<number>(1);
    const started = loop.createFuture<void>();
    let finished = false;

    function* queuePut() {
      started.setResult(undefined);
      yield* q.put(1);
      yield* q.put(2);
      finished = true;
    }

    loop.callLater(0.01, () => q.getNowait());
    const queuePutTask = createTask(queuePut());
    yield* started;
    expect(finished).toBe(false);
    yield* queuePutTask;
    expect(finished).toBe(true);
  });

  it("test_nonblocking_put", () => {
    const q = new Queue<number>();
    q.putNowait(1);
    expect(q.getNowait()).toBe(1);
  });

  itCo("test_get_cancel_drop_one_pending_reader", function* () {
    const q = new Queue<number>();

    let reader = createTask(q.get());

    yield* sleep(0);

    q.putNowait(1);
    q.putNowait(2);
    reader.cancel();

    try {
      yield* reader;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      // Try again.
      reader = createTask(q.get());
      yield* reader;
    }

    const result = reader.result();
    // If we get 2, it means 1 got dropped!
    expect(result).toBe(1);
  });

  itCo("test_get_cancel_drop_many_pending_readers", function* () {
    const q = new Queue<number>();

    let reader2: Future<number> | null = null;
    let reader3: Future<number> | null = null;
    yield* taskGroup(function* (create) {
      const reader1 = createTask(q.get());
      reader2 = create(q.get());
      reader3 = create(q.get());

      yield* sleep(0);

      q.putNowait(1);
      q.putNowait(2);
      reader1.cancel();

      expect(yield* catching(reader1)).toBeInstanceOf(CancelledError);

      yield* reader3;
    });

    // It is undefined in which order concurrent readers receive results.
    const results = new Set([
      (reader2 as unknown as Future<number>).result(),
      (reader3 as unknown as Future<number>).result(),
    ]);
    expect(results).toEqual(new Set([1, 2]));
  });

  itCo("test_put_cancel_drop", function* () {
    const q = new Queue<number>(1);

    q.putNowait(1);

    // Putting a second item in the queue has to block (qsize=1).
    let writer = createTask(q.put(2));
    yield* sleep(0);

    const value1 = q.getNowait();
    expect(value1).toBe(1);

    writer.cancel();
    try {
      yield* writer;
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
      // Try again.
      writer = createTask(q.put(2));
      yield* writer;
    }

    const value2 = q.getNowait();
    expect(value2).toBe(2);
    expect(q.qsize()).toBe(0);
  });

  it("test_nonblocking_put_exception", () => {
    const q = new Queue<number>(1);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
  });

  itCo("test_float_maxsize", function* () {
    let q = new Queue<number>(1.3);
    q.putNowait(1);
    q.putNowait(2);
    expect(q.full()).toBe(true);
    expect(() => q.putNowait(3)).toThrow(QueueFull);

    q = new Queue<number>(1.3);

    yield* q.put(1);
    yield* q.put(2);
    expect(q.full()).toBe(true);
  });

  itCo("test_put_cancelled", function* () {
    const q = new Queue<number>();

    function* queuePut() {
      yield* q.put(1);
      return true;
    }

    const t = createTask(queuePut());

    expect(yield* q.get()).toBe(1);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(true);
  });

  itCo("test_put_cancelled_race", function* () {
    const q = new Queue<string>(1);

    const putA = createTask(q.put("a"));
    const putB = createTask(q.put("b"));
    const putC = createTask(q.put("X"));

    yield* sleep(0);
    expect(putA.done()).toBe(true);
    expect(putB.done()).toBe(false);

    putC.cancel();
    yield* sleep(0);
    expect(putC.done()).toBe(true);
    expect(q.getNowait()).toBe("a");
    yield* sleep(0);
    expect(q.getNowait()).toBe("b");

    yield* putB;
  });

  itCo("test_put_with_waiting_getters", function* () {
    const q = new Queue<string>();
    const t = createTask(q.get());
    yield* sleep(0);
    yield* q.put("a");
    expect(yield* t).toBe("a");
  });

  itCo("test_why_are_putters_waiting", function* () {
    const queue = new Queue<number>(2);

    function* putter(item: number) {
      yield* queue.put(item);
    }

    function* getter() {
      yield* sleep(0);
      const num = queue.qsize();
      for (let i = 0; i < num; i++) queue.getNowait();
    }

    yield* taskGroup((create) => {
      create(getter());
      create(putter(0));
      create(putter(1));
      create(putter(2));
      create(putter(3));
    });
  });

  itCo("test_cancelled_puts_not_being_held_in_self_putters", function* () {
    // Full queue.
    const queue = new Queue<number>(1);
    queue.putNowait(1);

    // Task waiting for space to put an item in the queue.
    const putTask = createTask(queue.put(1));
    yield* sleep(0);

    // Check that the putter is correctly removed from queue._putters when the task is
    // cancelled.
    expect(queue._putters.length).toBe(1);
    putTask.cancel();
    expect(yield* catching(putTask)).toBeInstanceOf(CancelledError);
    expect(queue._putters.length).toBe(0);
  });

  itCo("test_cancelled_put_silence_value_error_exception", function* () {
    // Full queue.
    const queue = new Queue<number>(1);
    queue.putNowait(1);

    // Task waiting for space to put an item in the queue.
    const putTask = createTask(queue.put(1));
    yield* sleep(0);

    // getNowait() removes the future of putTask from queue._putters.
    queue.getNowait();
    // When cancelled, queue.put removes its future from _putters, but it was removed
    // already by getNowait(): that must be silent, and we get a CancelledError.
    putTask.cancel();

    expect(yield* catching(putTask)).toBeInstanceOf(CancelledError);
  });
});

describe("LifoQueueTests", () => {
  itCo("test_order", function* () {
    const q = new LifoQueue<number>();
    for (const i of [1, 3, 2]) yield* q.put(i);

    const items = [yield* q.get(), yield* q.get(), yield* q.get()];
    expect(items).toEqual([2, 3, 1]);
  });
});

describe("PriorityQueueTests", () => {
  itCo("test_order", function* () {
    const q = new PriorityQueue<number>();
    for (const i of [1, 3, 2]) yield* q.put(i);

    const items = [yield* q.get(), yield* q.get(), yield* q.get()];
    expect(items).toEqual([1, 2, 3]);
  });
});

type QueueClass = new (maxsize?: number) => Queue<unknown>;
const QUEUE_CLASSES: [string, QueueClass][] = [
  ["Queue", Queue],
  ["LifoQueue", LifoQueue],
  ["PriorityQueue", PriorityQueue],
];

// _QueueJoinTestMixin
for (const [name, QClass] of QUEUE_CLASSES) {
  describe(`${name}JoinTests`, () => {
    it("test_task_done_underflow", () => {
      const q = new QClass();
      expect(() => q.taskDone()).toThrow(RangeError);
      expect(() => q.taskDone()).toThrow("taskDone() called too many times");
    });

    itCo("test_task_done", function* () {
      const q = new QClass() as Queue<number>;
      for (let i = 0; i < 100; i++) q.putNowait(i);

      let accumulator = 0;

      // Two workers get items from the queue and call taskDone after each. Join the queue
      // and assert all items have been processed.
      let running = true;

      function* worker() {
        while (running) {
          const item = yield* q.get();
          accumulator += item;
          q.taskDone();
        }
      }

      yield* taskGroup(function* (create) {
        const tasks = [create(worker()), create(worker())];

        yield* q.join();
        expect(accumulator).toBe((99 * 100) / 2);

        // Close the running generators.
        running = false;
        for (let i = 0; i < tasks.length; i++) q.putNowait(0);
      });
    });

    itCo("test_join_empty_queue", function* () {
      const q = new QClass();

      // Test that a queue join()s successfully, and before anything else (done twice for
      // insurance).
      yield* q.join();
      yield* q.join();
    });

    itCo("test_format", function* () {
      const q = new QClass();
      expect(q._format()).toBe("maxsize=0");

      q._unfinishedTasks = 2;
      expect(q._format()).toBe("maxsize=0 tasks=2");
    });
  });
}

// _QueueShutdownTestMixin
for (const [name, QClass] of QUEUE_CLASSES) {
  describe(`${name}ShutdownTests`, () => {
    function* expectShutdown(aw: Iterable<unknown>) {
      expect(yield* catching(aw)).toBeInstanceOf(QueueShutDown);
    }

    itCo("test_format", function* () {
      const q = new QClass();
      q.shutdown();
      expect(q._format()).toBe("maxsize=0 shutdown");
    });

    itCo("test_shutdown_empty", function* ({ loop }) {
      // Test shutting down an empty queue.

      // Set up an empty queue, and join() and get() tasks.
      const q = new QClass() as Queue<string>;
      const getTask = loop.createTask(q.get());
      yield* sleep(0); // want the get task pending before shutdown

      // Perform shut-down.
      q.shutdown(false); // unfinished tasks: 0 -> 0

      expect(q.qsize()).toBe(0);

      // Ensure the join() task successfully finishes.
      yield* q.join();

      // Ensure the get() task is finished, and raised ShutDown.
      yield* sleep(0);
      expect(getTask.done()).toBe(true);
      yield* expectShutdown(getTask);

      // Ensure put() and get() raise ShutDown.
      yield* expectShutdown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);

      yield* expectShutdown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);
    });

    itCo("test_shutdown_nonempty", function* ({ loop }) {
      // Test shutting down a non-empty queue.

      // Set up a full queue with 1 item, and join() and put() tasks.
      const q = new QClass(1) as Queue<string>;

      q.putNowait("data");
      const joinTask = loop.createTask(q.join());
      const putTask = loop.createTask(q.put("data2"));

      // Ensure the put() task is not finished.
      yield* sleep(0);
      expect(putTask.done()).toBe(false);

      // Perform shut-down.
      q.shutdown(false); // unfinished tasks: 1 -> 1

      expect(q.qsize()).toBe(1);

      // Ensure the put() task is finished, and raised ShutDown.
      yield* sleep(0);
      expect(putTask.done()).toBe(true);
      yield* expectShutdown(putTask);

      // Ensure get() succeeds on the enqueued item.
      expect(yield* q.get()).toBe("data");

      // Ensure the join() task is not finished.
      yield* sleep(0);
      expect(joinTask.done()).toBe(false);

      // Ensure put() and get() raise ShutDown.
      yield* expectShutdown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);

      yield* expectShutdown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);

      // Ensure there is 1 unfinished task, and the join() task succeeds.
      q.taskDone();

      yield* sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;

      // Didn't appear to mark all tasks done.
      expect(() => q.taskDone()).toThrow(RangeError);
    });

    itCo("test_shutdown_immediate", function* ({ loop }) {
      // Test immediately shutting down a queue.

      // Set up a queue with 1 item, and a join() task.
      const q = new QClass() as Queue<string>;
      q.putNowait("data");
      const joinTask = loop.createTask(q.join());

      // Perform shut-down.
      q.shutdown(true); // unfinished tasks: 1 -> 0

      expect(q.qsize()).toBe(0);

      // Ensure the join() task has successfully finished.
      yield* sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;

      // Ensure put() and get() raise ShutDown.
      yield* expectShutdown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);

      yield* expectShutdown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);

      // Ensure there are no unfinished tasks.
      expect(() => q.taskDone()).toThrow(RangeError);
    });

    itCo("test_shutdown_immediate_with_unfinished", function* ({ loop }) {
      // Test immediately shutting down a queue with unfinished tasks.

      // Set up a queue with 2 items (1 retrieved), and a join() task.
      const q = new QClass() as Queue<string>;
      q.putNowait("data");
      q.putNowait("data");
      const joinTask = loop.createTask(q.join());
      expect(yield* q.get()).toBe("data");

      // Perform shut-down.
      q.shutdown(true); // unfinished tasks: 2 -> 1

      expect(q.qsize()).toBe(0);

      // Ensure the join() task is not finished.
      yield* sleep(0);
      expect(joinTask.done()).toBe(false);

      // Ensure put() and get() raise ShutDown.
      yield* expectShutdown(q.put("data"));
      expect(() => q.putNowait("data")).toThrow(QueueShutDown);

      yield* expectShutdown(q.get());
      expect(() => q.getNowait()).toThrow(QueueShutDown);

      // Ensure there is 1 unfinished task.
      q.taskDone();
      expect(() => q.taskDone()).toThrow(RangeError);

      // Ensure the join() task has successfully finished.
      yield* sleep(0);
      expect(joinTask.done()).toBe(true);
      yield* joinTask;
    });
  });
}
