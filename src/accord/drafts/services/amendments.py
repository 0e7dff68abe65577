"""Amendments: propose, support, withdraw, decide; optimistic locking against lost updates.

Amendments are made on circulated text, i.e. on an issued version. One proposed on an
older version than the latest issued one is carried onto the latest when the words it
changes are the same there (offsets rebased, ``rebased_from`` keeps the older version),
and refused with 409 when they changed: never applied blindly.

Every change of an amendment's state bumps ``lock_version`` with
``UPDATE … WHERE id = ? AND lock_version = ?``; a writer holding a stale copy gets 409.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from accord.core.amend import Edit, EditRangeError, RebaseConflict, check_range, rebase_edit
from accord.groups.models import Member, NegotiatingGroup, WorkingGroup
from accord.groups.permissions import (
    CHAIR,
    DELEGATE,
    FACILITATOR,
    VICE_CHAIR,
    require,
    user_role_kinds,
)
from accord.groups.selectors import member_for_user, member_may_speak_for

from ..models import Amendment, AmendmentSupport, Paragraph, Version, VersionParagraph
from ..permissions import facilitator_may_act
from ..selectors.amendments import latest_issued_version, text_hash, version_item

SPAN_KINDS = frozenset(
    {Amendment.Kind.INSERT_TEXT, Amendment.Kind.DELETE_TEXT, Amendment.Kind.REPLACE_TEXT}
)
NEW_TEXT_KINDS = frozenset(
    {
        Amendment.Kind.INSERT_TEXT,
        Amendment.Kind.REPLACE_TEXT,
        Amendment.Kind.ADD_PARAGRAPH,
        Amendment.Kind.ALTERNATIVE,
    }
)
MAX_TEXT = 20_000


def group_of(version: Version) -> WorkingGroup:
    return version.report.group


def ensure_issued(version: Version) -> None:
    if version.status != Version.Status.ISSUED:
        raise Conflict(
            f"{version.label} has not been issued; amendments and brackets are made on "
            "circulated text.",
            code="version_not_issued",
        )


def item_or_404(version: Version, paragraph: Paragraph) -> VersionParagraph:
    item = version_item(version, paragraph)
    if item is None:
        raise NotFound("No such paragraph in this version.")
    return item


def acting_member(actor: Any, group: WorkingGroup) -> Member | None:
    """The member a delegate acts for (delegates only: observers' members do not count)."""
    if DELEGATE not in user_role_kinds(actor, group):
        return None
    return member_for_user(user=actor, group=group)


def require_member(actor: Any, group: WorkingGroup, what: str) -> Member:
    member = acting_member(actor, group)
    if member is None:
        raise PermissionDenied(f"Only a delegation's delegates can {what}.")
    return member


def attribution(actor: Any, group: WorkingGroup, paragraph: Paragraph) -> tuple[Member | None, str]:
    """Who an amendment is from: the delegate's member, else the bureau role.

    A facilitator (with no other role) acts only on their consultation's paragraphs.
    """
    require(actor, "drafts.amend", group)
    member = acting_member(actor, group)
    if member is not None:
        return member, ""
    kinds = user_role_kinds(actor, group)
    for role in (CHAIR, VICE_CHAIR):
        if role in kinds:
            return None, role
    if FACILITATOR in kinds:
        if not facilitator_may_act(actor, paragraph):
            raise PermissionDenied(
                "A facilitator acts only on the paragraphs of their consultation."
            )
        return None, FACILITATOR
    if getattr(actor, "is_superuser", False):
        return None, CHAIR
    raise PermissionDenied("Only a delegation's delegates can propose amendments.")


def _may_speak_for(
    proposer: Member | None, group: WorkingGroup, negotiating_group: NegotiatingGroup
) -> None:
    if proposer is None:
        raise PermissionDenied(
            _("Only a delegation's delegates can propose on behalf of a negotiating group.")
        )
    if negotiating_group.group_id != group.pk or not member_may_speak_for(
        proposer, negotiating_group
    ):
        raise PermissionDenied(
            _("%(member)s is not a member of the %(group)s, so it cannot propose on its behalf.")
            % {"member": proposer.name, "group": negotiating_group},
            fields={"on_behalf_of": _("Choose a negotiating group your delegation belongs to.")},
        )


def _check_span(kind: str, text: str, start: int | None, end: int | None, new_text: str) -> Edit:
    if start is None:
        raise ValidationFailed(
            "Say where the change goes (start offset).", fields={"start": "required"}
        )
    if kind == Amendment.Kind.INSERT_TEXT:
        end = start
    if end is None:
        raise ValidationFailed(
            "Say where the change ends (end offset).", fields={"end": "required"}
        )
    edit = Edit(start, end, new_text)
    try:
        check_range(text, edit)
    except EditRangeError as exc:
        raise ValidationFailed(
            f"The span is outside the paragraph: {exc}.", fields={"start": "range"}
        ) from None
    if kind != Amendment.Kind.INSERT_TEXT and start == end:
        raise ValidationFailed("Select the words to delete or replace.", fields={"end": "empty"})
    if kind == Amendment.Kind.REPLACE_TEXT and text[start:end] == new_text:
        raise ValidationFailed("The replacement is the same as the current text.")
    return edit


def _check_text(kind: str, new_text: str) -> str:
    if kind in NEW_TEXT_KINDS:
        if not new_text.strip():
            raise ValidationFailed("Give the proposed text.", fields={"new_text": "required"})
        if len(new_text) > MAX_TEXT:
            raise ValidationFailed(
                "The proposed text is too long.", fields={"new_text": "too_long"}
            )
        return new_text
    return ""


def amendment_propose(
    *,
    actor: Any,
    version: Version,
    paragraph: Paragraph,
    kind: str,
    start: int | None = None,
    end: int | None = None,
    new_text: str = "",
    after: Paragraph | None = None,
    rationale: str = "",
    parent: Amendment | None = None,
    expected_text_hash: str | None = None,
    on_behalf_of: NegotiatingGroup | None = None,
) -> Amendment:
    """Propose a change to ``paragraph`` as it reads in ``version`` (an issued version).

    ``on_behalf_of``: the delegate's member proposes it for its negotiating group ("South
    Africa on behalf of the G77 and China"); only a member of that group may.

    Offsets are into the paragraph's text (for a ``parent``: into the parent's proposed
    text). ``after`` is accepted for ``add_paragraph`` as the paragraph the new one
    follows (it must be ``paragraph`` itself when both are given). ``expected_text_hash``
    (SHA-256 of the text the proposer saw) turns a mismatch into 409 instead of a
    misplaced change.
    """
    group = group_of(version)
    if kind not in Amendment.Kind.values:
        raise ValidationFailed(f"Unknown amendment type {kind!r}.", fields={"kind": "invalid"})
    if paragraph.report_id != version.report_id:
        raise NotFound("No such paragraph in this version.")
    if after is not None and (kind != Amendment.Kind.ADD_PARAGRAPH or after.pk != paragraph.pk):
        raise ValidationFailed("'after' names the paragraph a new paragraph follows.")
    proposer, role = attribution(actor, group, paragraph)
    if on_behalf_of is not None:
        _may_speak_for(proposer, group, on_behalf_of)
    ensure_issued(version)
    new_text = _check_text(kind, new_text)
    with transaction.atomic():
        item = item_or_404(version, paragraph)
        base_text = item.text
        rebased_from: Version | None = None
        if parent is not None:
            parent = Amendment.objects.select_related("version").get(pk=parent.pk)
            if parent.version_id != version.pk or parent.paragraph_id != paragraph.pk:
                raise ValidationFailed("A sub-amendment must be on the same paragraph and version.")
            if parent.status != Amendment.Status.PROPOSED or parent.parent_id is not None:
                raise ValidationFailed("Only a proposed, first-level amendment can be amended.")
            if parent.kind not in NEW_TEXT_KINDS or kind not in SPAN_KINDS:
                raise ValidationFailed(
                    "A sub-amendment inserts, deletes or replaces words of "
                    "the text an amendment proposes."
                )
            base_text = parent.new_text
        if expected_text_hash is not None and expected_text_hash != text_hash(base_text):
            raise Conflict(
                "The text you amended is not the text of this version; reload.", code="stale_text"
            )
        edit = _check_span(kind, base_text, start, end, new_text) if kind in SPAN_KINDS else None
        latest = latest_issued_version(version.report)
        if parent is None and latest is not None and latest.number > version.number:
            # Carry it onto the latest text, or refuse: never apply on changed words.
            newer = version_item(latest, paragraph)
            if newer is None:
                raise Conflict(f"{paragraph.key} is no longer in {latest.label}.", code="stale")
            if edit is not None:
                try:
                    edit = rebase_edit(base_text, newer.text, edit)
                except RebaseConflict:
                    raise Conflict(
                        f"{paragraph.key} changed in {latest.label} where you amend it; "
                        f"reload {latest.label} and propose again.",
                        code="stale",
                    ) from None
            rebased_from, version, base_text = version, latest, newer.text
        amendment = Amendment.objects.create(
            version=version,
            paragraph=paragraph,
            kind=kind,
            parent=parent,
            proposer=proposer,
            proposer_role=role,
            on_behalf_of=on_behalf_of,
            submitted_by=actor,
            start=edit.start if edit else None,
            end=edit.end if edit else None,
            old_text=base_text[edit.start : edit.end] if edit else "",
            new_text=new_text,
            base_text_hash=text_hash(base_text),
            rationale=rationale.strip()[:MAX_TEXT],
            rebased_from=rebased_from,
        )
        audit_record(
            actor=actor,
            action="accord.amendment.propose",
            target=amendment,
            group_id=group.pk,
            data={
                "version": version.number,
                "paragraph": paragraph.key,
                "kind": kind,
                "start": amendment.start,
                "end": amendment.end,
                "new_text": new_text,
                "parent": parent.pk if parent else None,
                "rebased_from": rebased_from.number if rebased_from else None,
                "on_behalf_of": on_behalf_of.slug if on_behalf_of else None,
            },
        )
    return amendment


def locked_update(amendment: Amendment, expected: int | None, **changes: Any) -> None:
    """Write ``changes`` only if nobody changed the amendment since it was read."""
    seen = amendment.lock_version if expected is None else expected
    count = Amendment.objects.filter(pk=amendment.pk, lock_version=seen).update(
        lock_version=F("lock_version") + 1, **changes
    )
    if count != 1:
        raise Conflict("This amendment was changed by someone else; reload.", code="stale")
    amendment.refresh_from_db()


def _ensure_proposed(amendment: Amendment) -> None:
    if amendment.status != Amendment.Status.PROPOSED:
        raise Conflict(
            f"This amendment is already {amendment.get_status_display().lower()}.", code="decided"
        )


def amendment_support(*, actor: Any, amendment: Amendment, kind: str) -> AmendmentSupport:
    """Co-sponsor, support or oppose; one stance per member, changeable (history in audit)."""
    group = group_of(amendment.version)
    require(actor, "drafts.support_amendment", group)
    member = require_member(actor, group, "support or oppose amendments")
    if kind not in AmendmentSupport.Kind.values:
        raise ValidationFailed(f"Unknown stance {kind!r}.", fields={"kind": "invalid"})
    if amendment.proposer_id == member.pk:
        raise ValidationFailed("Your delegation proposed this amendment.")
    with transaction.atomic():
        # Lock the amendment row so a decision and a support are serialised.
        current = Amendment.objects.select_for_update().get(pk=amendment.pk)
        _ensure_proposed(current)
        try:
            with transaction.atomic():
                support, created = AmendmentSupport.objects.get_or_create(
                    amendment=current, member=member, defaults={"kind": kind}
                )
        except IntegrityError:  # a concurrent first stance of the same member
            support, created = AmendmentSupport.objects.get(amendment=current, member=member), False
        previous = None if created else support.kind
        if not created and support.kind != kind:
            support.kind = kind
            support.save(update_fields=["kind"])
        audit_record(
            actor=actor,
            action="accord.amendment.support",
            target=current,
            group_id=group.pk,
            data={"member": member.slug, "kind": kind, "previous": previous},
        )
    return support


def amendment_support_remove(*, actor: Any, amendment: Amendment) -> None:
    group = group_of(amendment.version)
    require(actor, "drafts.support_amendment", group)
    member = require_member(actor, group, "support or oppose amendments")
    with transaction.atomic():
        deleted, _ = AmendmentSupport.objects.filter(amendment=amendment, member=member).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="accord.amendment.unsupport",
                target=amendment,
                group_id=group.pk,
                data={"member": member.slug},
            )


def amendment_withdraw(
    *, actor: Any, amendment: Amendment, expected_lock_version: int | None = None
) -> Amendment:
    """The proposer withdraws: a delegate of the proposing member, or the proposing role."""
    group = group_of(amendment.version)
    require(actor, "drafts.amend", group)
    member = acting_member(actor, group)
    own = (
        amendment.proposer_id is not None
        and member is not None
        and amendment.proposer_id == member.pk
    ) or (
        amendment.proposer_id is None and amendment.proposer_role in user_role_kinds(actor, group)
    )
    if not own:
        raise PermissionDenied("Only the proposer can withdraw an amendment.")
    _ensure_proposed(amendment)
    with transaction.atomic():
        locked_update(amendment, expected_lock_version, status=Amendment.Status.WITHDRAWN)
        audit_record(
            actor=actor,
            action="accord.amendment.withdraw",
            target=amendment,
            group_id=group.pk,
        )
    return amendment


DECISIONS = {
    "incorporated": Amendment.Status.INCORPORATED,
    "not_incorporated": Amendment.Status.NOT_INCORPORATED,
    "merged": Amendment.Status.MERGED,
}


def amendment_decide(
    *,
    actor: Any,
    amendment: Amendment,
    decision: str,
    merged_into: Amendment | None = None,
    reason: str = "",
    expected_lock_version: int | None = None,
    incorporated_in: Version | None = None,
) -> Amendment:
    """The chair's decision. ``incorporated`` is normally set by issuing the next revision
    (which applies the text); deciding it here needs that revision (``incorporated_in``)."""
    group = group_of(amendment.version)
    require(actor, "drafts.decide_amendment", group)
    if decision not in DECISIONS:
        raise ValidationFailed(f"Unknown decision {decision!r}.", fields={"decision": "invalid"})
    changes: dict[str, Any] = {"status": DECISIONS[decision], "status_reason": reason.strip()}
    if decision == "merged":
        if merged_into is None or merged_into.pk == amendment.pk:
            raise ValidationFailed(
                "Say which amendment it is merged into.", fields={"merged_into": "required"}
            )
        if merged_into.version_id != amendment.version_id:
            raise ValidationFailed("It can only be merged into an amendment of the same version.")
        changes["merged_into"] = merged_into
    if decision == "incorporated":
        if incorporated_in is None:
            raise ValidationFailed("Amendments are incorporated by issuing the next revision.")
        changes["incorporated_in"] = incorporated_in
    _ensure_proposed(amendment)
    with transaction.atomic():
        locked_update(amendment, expected_lock_version, **changes)
        audit_record(
            actor=actor,
            action="accord.amendment.decide",
            target=amendment,
            group_id=group.pk,
            data={
                "decision": decision,
                "reason": changes["status_reason"],
                "merged_into": merged_into.pk if merged_into else None,
            },
        )
    return amendment
