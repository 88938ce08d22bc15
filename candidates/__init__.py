"""Graduate profiles, resumes, applications and their pipeline."""
