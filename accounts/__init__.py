"""Users, roles from memberships, sign-up and onboarding."""
