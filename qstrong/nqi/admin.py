"""Admin for the registers: read-only look-ups; every write goes through the services."""

from __future__ import annotations

from django.contrib import admin

from qstrong.core.admin import ReadOnlyAdmin, ReadOnlyInline
from qstrong.nqi.models import (
    Brand,
    Certificate,
    CertificateEvent,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Instrument,
    Patent,
    Provider,
    ProviderService,
    Routing,
    Standard,
    StandardParticipation,
    Trademark,
)


class ParticipationInline(ReadOnlyInline):
    model = StandardParticipation
    fields = ("enterprise", "role")
    readonly_fields = fields


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "level", "status", "published_on", "origin")
    list_filter = ("level", "status", "origin")
    search_fields = ("number", "title")
    inlines = (ParticipationInline,)


@admin.register(InnovationBase)
class InnovationBaseAdmin(ReadOnlyAdmin):
    list_display = ("name", "region", "industry", "recognised_on", "origin")
    search_fields = ("name",)


class CertificateEventInline(ReadOnlyInline):
    model = CertificateEvent
    fields = ("at", "on", "status_from", "status_to", "actor", "note")
    readonly_fields = fields


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "scheme", "number", "issued_on", "expires_on", "status")
    list_filter = ("scheme", "status", "origin")
    search_fields = ("number", "enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)
    inlines = (CertificateEventInline,)


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "name", "serial_number", "interval_months", "next_due_on")
    search_fields = ("name", "serial_number", "enterprise__name")
    list_select_related = ("enterprise",)


class ProviderServiceInline(ReadOnlyInline):
    model = ProviderService
    fields = ("category", "industry", "description")
    readonly_fields = fields


@admin.register(Provider)
class ProviderAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "region", "cma_number", "cnas_number")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = (ProviderServiceInline,)


@admin.register(Routing)
class RoutingAdmin(ReadOnlyAdmin):
    list_display = ("need", "provider", "routed_on", "outcome", "answered_on")
    list_filter = ("outcome",)
    list_select_related = ("need", "provider")


@admin.register(Trademark)
class TrademarkAdmin(ReadOnlyAdmin):
    list_display = ("mark", "registration_number", "nice_class", "kind", "status", "enterprise")
    list_filter = ("kind", "status")
    search_fields = ("mark", "registration_number", "enterprise__name")
    list_select_related = ("enterprise",)


@admin.register(Patent)
class PatentAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "kind", "status", "high_value", "transfer", "enterprise")
    list_filter = ("kind", "status", "high_value", "transfer")
    search_fields = ("number", "title", "enterprise__name")
    list_select_related = ("enterprise",)


class GIAuthorisationInline(ReadOnlyInline):
    model = GIAuthorisation
    fields = ("enterprise", "authorised_on", "expires_on")
    readonly_fields = fields


@admin.register(GIProduct)
class GIProductAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "standard", "approved_on", "origin")
    search_fields = ("code", "name")
    inlines = (GIAuthorisationInline,)


@admin.register(Brand)
class BrandAdmin(ReadOnlyAdmin):
    list_display = ("name", "level", "parent", "enterprise", "region", "premium_on")
    list_filter = ("level",)
    search_fields = ("name",)
    list_select_related = ("parent", "enterprise", "region")
