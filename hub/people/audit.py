"""Which base models the audit trail follows. Phone and ID numbers are masked in the change log.

Every other app registers its own models in its ``AppConfig.ready()``.
"""

from auditlog.registry import auditlog

from hub.accounts.models import RoleGrant, User
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
auditlog.register(RoleGrant)
auditlog.register(User, exclude_fields=["password", "last_login"], mask_fields=["phone"])
