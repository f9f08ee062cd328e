// What the translated CPython lock tests share (the stand-ins for asyncio.gather, wait_for,
// … are in test-support/stand-ins.ts).

// CPython's STR_RGX_REPR, without the `object at 0x…` part our reprs do not have.
export const RGX_REPR =
  /^<(?<class>\w+) \[(?<extras>(set|unset|locked|unlocked|filling|draining|resetting|broken)(, value:\d)?(, waiters:\d+)?(, waiters:\d+\/\d+)?)\]>$/;
