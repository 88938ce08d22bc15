"""Reference data shipped with the associations app."""
