export * from "tsasyncio";
export * from "../src/index.js";
