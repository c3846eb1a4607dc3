//! The router itself: creation, the mints it accepts, its report and its deploy config.
mod initialize;
mod migrations;
mod mints;
mod report;
