"""Quality infrastructure and IP registers (see the modules: common, registers, metrology)."""

from qstrong.nqi.models.common import Origin, Recorded
from qstrong.nqi.models.metrology import Instrument, InstrumentVerification, MetrologyCampaign
from qstrong.nqi.models.registers import (
    Brand,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Patent,
    Provider,
    ProviderService,
    Routing,
    ServiceCategory,
    Standard,
    StandardParticipation,
    Trademark,
)

__all__ = [
    "Brand",
    "Certificate",
    "CertificateEvent",
    "CertificateStatus",
    "GIAuthorisation",
    "GIProduct",
    "InnovationBase",
    "Instrument",
    "InstrumentVerification",
    "MetrologyCampaign",
    "Origin",
    "Patent",
    "Provider",
    "ProviderService",
    "Recorded",
    "Routing",
    "ServiceCategory",
    "Standard",
    "StandardParticipation",
    "Trademark",
]
