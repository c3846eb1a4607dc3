//! Discounts: rebates reported after the fact.
mod rebates;
