import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain JavaScript module without types
import { checkLayers } from "./check-layers.js";

describe("layering (ARCHITECTURE.md)", () => {
  it("no package imports a higher layer or an undeclared sibling", () => {
    expect(checkLayers(path.resolve(import.meta.dirname, ".."))).toEqual([]);
  });
});
