"""Every byte thaw prints: formats and writers, terminal views, the Markdown and HTML digests."""
