//! The `deskbook` binary: see [`deskbook::cli`].

fn main() -> std::process::ExitCode {
    deskbook::cli::main()
}
