"""Files, pages and URLs -> `Article`: corpus walking, reading and decoding, the raw-page cleaner, date lines, HTML, fetching."""
