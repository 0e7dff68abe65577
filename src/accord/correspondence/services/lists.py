"""Mailing lists: create one, rename it, make it public or members-only."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.common.audit import audit_record
from accord.common.errors import Conflict, ValidationFailed
from accord.groups.models import WorkingGroup
from accord.groups.permissions import require
from accord.search.index import index_set_public
from accord.search.models import SearchEntry

from ..display import mask_addresses
from ..models import MailingList, Message

_BATCH = 500


def clean_list_name(name: str) -> str:
    """The name as stored (white space collapsed), or ValidationFailed."""
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("A mailing list needs a name."), fields={"name": "required"})
    if len(name) > 200:
        raise ValidationFailed(
            _("A mailing list name has at most 200 characters."), fields={"name": "too_long"}
        )
    return name


def mailing_list_create(
    *, actor: Any, group: WorkingGroup, name: str, address: str = "", is_public: bool = True
) -> MailingList:
    require(actor, "correspondence.manage_lists", group)
    name = clean_list_name(name)
    with transaction.atomic():
        if group.mailing_lists.filter(name=name).exists():
            raise Conflict(
                _("This group already has a mailing list called '%(name)s'.") % {"name": name}
            )
        mailing_list = MailingList.objects.create(
            group=group, name=name, address=address.strip()[:320], is_public=is_public
        )
        audit_record(
            actor=actor,
            action="accord.mailing_list.create",
            target=mailing_list,
            group_id=group.pk,
            data={"name": name, "is_public": is_public},
        )
    return mailing_list


def mailing_list_update(
    *,
    actor: Any,
    mailing_list: MailingList,
    name: str | None = None,
    address: str | None = None,
    is_public: bool | None = None,
) -> MailingList:
    """Change a list; making it members-only hides its messages from public search at once."""
    group = mailing_list.group
    require(actor, "correspondence.manage_lists", group)
    changes: dict[str, object] = {}
    with transaction.atomic():
        if name is not None and clean_list_name(name) != mailing_list.name:
            name = clean_list_name(name)
            if group.mailing_lists.filter(name=name).exclude(pk=mailing_list.pk).exists():
                raise Conflict(
                    _("This group already has a mailing list called '%(name)s'.") % {"name": name}
                )
            changes["name"] = mailing_list.name = name
        if address is not None and address.strip() != mailing_list.address:
            changes["address"] = mailing_list.address = address.strip()[:320]
        if is_public is not None and is_public != mailing_list.is_public:
            changes["is_public"] = mailing_list.is_public = is_public
            # Published messages only: an import under way releases its own entries with
            # the list's visibility when it publishes.
            published = Message.objects.filter(mailing_list=mailing_list, import_run__isnull=True)
            ids = list(published.values_list("pk", flat=True))
            index_set_public(kind="message", object_ids=ids, is_public=is_public)
            _reindex_bodies(ids, public=is_public)
        if changes:
            mailing_list.save()
            audit_record(
                actor=actor,
                action="accord.mailing_list.update",
                target=mailing_list,
                group_id=group.pk,
                data=changes,
            )
    return mailing_list


def _reindex_bodies(message_ids: list[int], *, public: bool) -> None:
    """The indexed bodies as the list's new visibility wants them: masked addresses for a
    public list (anyone can search it), the text as written for members only — as an import
    writes them. In batches, so a long archive costs bounded memory."""
    for start in range(0, len(message_ids), _BATCH):
        chunk = message_ids[start : start + _BATCH]
        bodies = dict(Message.objects.filter(pk__in=chunk).values_list("pk", "body"))
        entries = list(
            SearchEntry.objects.filter(kind=SearchEntry.Kind.MESSAGE, object_id__in=chunk)
        )
        for entry in entries:
            body = bodies.get(entry.object_id, entry.body)
            entry.body = mask_addresses(body) if public else body
        SearchEntry.objects.bulk_update(entries, ["body"], batch_size=_BATCH)
