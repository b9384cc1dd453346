"""The SQLite index: the only package that runs SQL (connections, `Index`, stories, folder check, worker pool, search)."""
