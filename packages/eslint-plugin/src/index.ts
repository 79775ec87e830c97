export default { meta: { name: "@pipeguard/eslint-plugin", version: "0.0.0" }, rules: {} };
