export const RUNTIME_VERSION = "0.0.0";
