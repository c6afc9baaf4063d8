"""Which models the audit trail follows. Phone and ID numbers are masked in the change log."""

from auditlog.registry import auditlog

from hub.accounts.models import RoleGrant, User
from hub.imports.models import ImportBatch
from hub.people.models import Branch, Membership, Organization, Person
from hub.places.models import AreaStatus, Building, Compound, Household

auditlog.register(Organization)
auditlog.register(Branch)
auditlog.register(Person, mask_fields=["phone", "id_number"], m2m_fields={"skills"})
auditlog.register(Membership)
auditlog.register(Compound)
auditlog.register(Building)
auditlog.register(Household)
auditlog.register(AreaStatus)
auditlog.register(ImportBatch, exclude_fields=["content", "preview", "errors"])
auditlog.register(RoleGrant)
auditlog.register(User, exclude_fields=["password", "last_login"], mask_fields=["phone"])


def register_volunteering() -> None:
    """The volunteering apps' models; called from their AppConfig.ready()."""
    from hub.hours.models import Certificate, CorrectionRequest, HourPolicy, StarAward
    from hub.notices.models import Notice, NoticeAttachment
    from hub.volunteering.models import Drive, Post, Shift, SignUp

    for model in (Post, Shift, Drive, SignUp, Notice, HourPolicy, CorrectionRequest, StarAward):
        if not auditlog.contains(model):
            auditlog.register(model)
    if not auditlog.contains(NoticeAttachment):
        auditlog.register(NoticeAttachment, exclude_fields=["content"])
    if not auditlog.contains(Certificate):
        auditlog.register(Certificate, exclude_fields=["verify_token"])
