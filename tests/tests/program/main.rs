//! The specification of fee-router, as tests of its SBF build running in-process.
//! One module per capability; test names state the rule.
mod attacks;
mod authority;
mod buyback;
mod conservation;
mod defensive;
mod deposit;
mod distribute;
mod errors;
mod exchange_loop;
mod governance;
mod idl_pdas;
mod initialize;
mod insurance;
mod migrations;
mod mints;
mod outgoing_hops;
mod randomized;
mod rebates;
mod registration;
mod report;
mod staking;
mod staking_conservation;
mod sweeps;
mod yield_cap;
