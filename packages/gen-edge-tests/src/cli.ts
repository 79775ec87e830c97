#!/usr/bin/env node
console.log("gen-edge-tests");
