//! One module per subcommand, each with a `run` entry function.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
pub mod theme;
