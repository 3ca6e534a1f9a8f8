//! deskbook's integration tests: each runs the real binary on a fixture site copied to a
//! temporary folder and asserts what a user would see: exit status, messages, and the HTML.

mod architecture;
mod build;
mod check;
mod commands;
mod conformance;
mod faults;
mod feedback;
mod fuzz_regressions;
mod harness;
mod hostile;
mod links;
mod markdown;
mod mistakes;
mod pages;
mod scaffold;
mod search;
mod starter;
mod training;
mod wasm;
