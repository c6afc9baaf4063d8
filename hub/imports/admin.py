from django.contrib import admin

from hub.imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "kind", "status", "row_count", "error_count", "created_at"]
    list_filter = ["status", "kind"]
    exclude = ["content"]
