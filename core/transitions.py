"""Transition tables: for each stateful model, the one statement of which action leads from which
statuses to which status.

A model declares `TRANSITIONS = Transitions(Transition("publish", (DRAFT,), PUBLISHED), ...)`.
Its services ask the table before they change a row (`require`), the API lists the actions a row
allows now (`actions`), and templates show a button only when the table allows its action
(`{% load transitions %}{% if position|allows:"close" %}`). Who may act is a separate question,
answered by the app's permission predicates.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]  # the statuses the action starts from
    target: str | None = None  # None: the status stays (an action on a row in that status)
    automatic: bool = False  # taken by the platform itself (a task), never offered to a user


class Transitions:
    def __init__(self, *transitions: Transition):
        self._by_action = {t.action: t for t in transitions}

    def __iter__(self):
        return iter(self._by_action.values())

    def allows(self, action: str, status: str) -> bool:
        transition = self._by_action.get(action)
        return transition is not None and status in transition.sources

    def sources(self, action: str) -> tuple[str, ...]:
        return self._by_action[action].sources

    def target(self, action: str) -> str | None:
        return self._by_action[action].target

    def actions(self, status: str) -> list[str]:
        """The actions a user may take on a row in `status`, in the table's order."""
        return [t.action for t in self if status in t.sources and not t.automatic]

    def action_to(self, target: str) -> str | None:
        """The action leading to the status `target`, if one does."""
        return next((t.action for t in self if t.target == target), None)

    def require(self, action: str, status: str, message: str) -> None:
        """Refuse (ValidationError `message`, code invalid_transition) unless allowed."""
        if not self.allows(action, status):
            raise ValidationError(message, code="invalid_transition")
