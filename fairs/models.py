"""Models of the fairs app."""
