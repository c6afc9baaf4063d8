from django.contrib import admin

from hub.ratelimit.models import Bucket


@admin.register(Bucket)
class BucketAdmin(admin.ModelAdmin):
    list_display = ["key", "tokens", "updated_at"]
    search_fields = ["key"]
