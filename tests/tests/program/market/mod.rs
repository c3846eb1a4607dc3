//! Markets' fee accounts: the trade path, discounts at source, sweeps.
mod fees;
