//! The external authority and the guardian.
mod authority;
