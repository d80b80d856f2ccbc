fn main() -> std::process::ExitCode {
    restore_sigpipe();
    vpcsim::cli::main()
}

/// Rust ignores SIGPIPE, so `vpcsim run ... | head` would panic on a closed pipe. Restore the
/// default so the process ends quietly like other command-line tools.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
