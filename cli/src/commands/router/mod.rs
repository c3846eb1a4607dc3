//! The router: its creation (`init`), joining a stake pool as a fee line (`add-fee-line`),
//! what it holds (`show`), and bringing it to a deploy config (`migrate`).
pub mod add_fee_line;
pub mod init;
pub mod migrate;
pub mod show;
