from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("turn", "Transcript"), ("contribution", "Contribution"), ("message", "Correspondence")], max_length=20)),
                ("object_id", models.BigIntegerField()),
                ("group_id", models.BigIntegerField(db_index=True)),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField()),
                ("url", models.CharField(max_length=500)),
                ("is_public", models.BooleanField(default=False)),
                ("facets", models.JSONField(blank=True, default=dict)),
                ("sort_date", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_unique_object")],
            },
        ),
    ]
