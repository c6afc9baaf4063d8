from django.contrib import admin

from hub.people.models import Branch, Membership, Organization, Person, Skill


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "parent"]
    list_filter = ["kind", "organization"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["branch"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    # Personal values stay masked here too; platform staff reveal through the app (logged).
    list_display = ["masked_name", "masked_phone", "political_status", "employment_status"]
    list_filter = ["political_status", "employment_status"]
    search_fields = ["name"]
    exclude = ["phone", "id_number"]
    readonly_fields = ["masked_phone", "masked_id_number"]
    raw_id_fields = ["household"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "branch", "title", "seconded_to"]
    raw_id_fields = ["person"]
