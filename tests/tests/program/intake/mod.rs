//! Fees in: deposits, distributions and the accounting of every token in and out.
mod conservation;
mod deposit;
mod distribute;
mod outgoing_hops;
