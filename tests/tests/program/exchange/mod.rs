//! The whole loop through an example exchange.
mod at_source;
mod exchange_loop;
