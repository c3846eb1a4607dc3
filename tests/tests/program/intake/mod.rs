//! Fees in: deposits, distributions and the accounting of every token in and out; and the
//! projection of months of them, checked against the chain.
mod conservation;
mod deposit;
mod distribute;
mod outgoing_hops;
mod projection;
