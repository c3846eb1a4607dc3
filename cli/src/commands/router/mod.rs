//! The router: its creation (`init`), what it holds (`show`), and bringing it to a deploy
//! config (`migrate`).
pub mod init;
pub mod migrate;
pub mod show;
