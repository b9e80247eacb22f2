//! The one integration-test binary: runs `canvass` in temporary folders and checks what it prints.

mod check;
mod properties;
mod report;
mod stats;
mod tally;
mod text;
mod validate;
mod waves;
mod workdir;
