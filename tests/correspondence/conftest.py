from __future__ import annotations

from typing import Any

import pytest

from accord.correspondence import services
from accord.correspondence.models import MailingList
from tests.correspondence.archives import THREAD


@pytest.fixture
def imported(world: Any) -> MailingList:
    """The inline THREAD archive imported into the public list "Main list"."""
    mailing_list, _ = services.mail_archive_import_to_list(
        actor=world.users["secretariat"], group=world.group, data=THREAD, filename="t.mbox"
    )
    return mailing_list


@pytest.fixture
def members_only(world: Any) -> MailingList:
    """A members-only list holding one thread."""
    from tests.correspondence.archives import Mail, mbox

    mailing_list, _ = services.mail_archive_import_to_list(
        actor=world.users["secretariat"],
        group=world.group,
        list_name="Bureau",
        is_public=False,
        data=mbox(Mail("secret@wg", "Confidential scheduling", body="Closed session plans.")),
        filename="bureau.mbox",
    )
    return mailing_list
