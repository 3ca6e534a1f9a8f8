//! The `deskbook` binary: see [`deskbook::cli`].
//!
//! mimalloc, not the system allocator: a build makes millions of small strings (bodies,
//! headings, template values) on every core and frees most of them stage by stage. glibc's
//! allocator keeps what a stage freed as holes the next stage's differently sized strings
//! cannot use; mimalloc keeps each size in its own pages and reuses or returns them whole.
//! At 100,000 entries `deskbook check` peaks at 2.79 GB instead of 3.01 GB.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    deskbook::cli::main()
}
