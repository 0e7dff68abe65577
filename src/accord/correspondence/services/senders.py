"""Who sent a message: a user with a role in the group, or a member named by its aliases.

The rules, in order (the first that gives exactly one answer wins):

1. The sender's address equals the e-mail of a user with a role in the group: that user,
   and the member they act for if they are a delegate or an observer delegation.
2. A member alias that is a full address (``"mission@itamaraty.gov.br"``) equal to it.
3. A member alias that is a name (``"Brazil"``, ``"Swedish delegation"``) equal to the
   sender's display name, ignoring case and extra spaces.
4. A member alias that is a domain, written with a leading ``@`` (``"@itamaraty.gov.br"``),
   equal to the domain of the address (sub-domains do not match).

An alias claimed by two members matches nothing: a wrong attribution is worse than none.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from accord.groups.models import Member, Role, WorkingGroup


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class SenderMatcher:
    def __init__(self, group: WorkingGroup) -> None:
        self._users: dict[str, tuple[Any, Member | None]] = {}
        roles = (
            Role.objects.filter(group=group)
            .select_related("user", "member__constituency")
            .order_by("id")
        )
        for role in roles:
            email = _key(role.user.email or "")
            if not email:
                continue
            user, member = self._users.get(email, (role.user, None))
            self._users[email] = (user, member or role.member)
        self._addresses: dict[str, set[Member]] = defaultdict(set)
        self._names: dict[str, set[Member]] = defaultdict(set)
        self._domains: dict[str, set[Member]] = defaultdict(set)
        for member in group.members.select_related("constituency"):
            for alias in member.aliases or []:
                if not isinstance(alias, str) or not _key(alias):
                    continue
                key = _key(alias)
                if key.startswith("@"):
                    self._domains[key[1:]].add(member)
                elif "@" in key:
                    self._addresses[key].add(member)
                else:
                    self._names[key].add(member)

    def match(self, *, email: str, name: str) -> tuple[Any, Member | None]:
        """(user or None, member or None) for a sender; (None, None) when nobody fits."""
        email = _key(email)
        if email in self._users:
            return self._users[email]
        domain = email.rpartition("@")[2] if "@" in email else ""
        for candidates in (
            self._addresses.get(email) if email else None,
            self._names.get(_key(name)) if _key(name) else None,
            self._domains.get(domain) if domain else None,
        ):
            if candidates and len(candidates) == 1:
                return None, next(iter(candidates))
        return None, None
