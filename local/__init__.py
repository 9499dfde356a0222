"""Developer tooling that is never deployed: the local server, publishing from a shell, table setup."""
