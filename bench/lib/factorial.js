// math.factorial(n) for the async_tree CPU leaves, as a BigInt: products of consecutive
// integers are accumulated exactly in doubles up to 2**53, then multiplied pairwise, so
// the cost is close to CPython's divide-and-conquer factorial (a naive BigInt loop is 6×
// slower and would measure BigInt multiplication instead of the scheduler).
export function factorial(n) {
  const parts = [];
  let p = 1;
  for (let i = 2; i <= n; i++) {
    if (p * i > Number.MAX_SAFE_INTEGER) {
      parts.push(BigInt(p));
      p = i;
    } else p *= i;
  }
  parts.push(BigInt(p));
  let level = parts;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? level[i] * level[i + 1] : level[i]);
    level = next;
  }
  return level[0];
}
