//! Across capabilities: the attack matrix, the randomized run, the error codes, the IDL's PDAs
//! and the defensive errors.
mod attacks;
mod defensive;
mod errors;
mod idl_pdas;
mod randomized;
