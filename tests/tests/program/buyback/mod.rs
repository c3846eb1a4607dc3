//! The buyback auction.
mod buyback;
