export * from "./branches";
export * from "./users";
export * from "./auth";
export * from "./audit";
export * from "./stock";
export * from "./finance";
export * from "./offers";
export * from "./complaints";
