//! The whole loop through an example exchange.
mod exchange_loop;
