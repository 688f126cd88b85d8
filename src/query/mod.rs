//! Questions answered from the store: one function per question, taking the store (and its
//! market tree) and typed arguments, returning typed results with the notes a reader must see.
//!
//! The command line parses flags into these arguments and presents the results; charts draw
//! from the same results, so a table and a chart of one question cannot disagree.

pub mod backtest;
pub mod claims;
pub mod on_the_books;
pub mod pace;
pub mod series;
pub mod store_info;
pub mod year_to_date;
