//! The `fee-router` command line, as a library so the tests can drive its pieces.
pub mod app;
pub mod apr;
pub mod commands;
pub mod config;
pub mod context;
pub mod errors;
pub mod fault;
pub mod idl;
pub mod migrate;
pub mod output;
pub mod projection;
pub mod report;
pub mod units;
pub mod unsigned;
