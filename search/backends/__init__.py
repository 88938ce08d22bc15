"""Search backends: each turns a SearchQuery into its own request and returns a SearchResult."""
