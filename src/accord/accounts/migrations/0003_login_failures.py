from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_time_zone")]

    operations = [
        migrations.CreateModel(
            name="LoginFailure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("username", models.CharField(db_index=True, max_length=150)),
                ("address", models.CharField(blank=True, db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(db_index=True)),
            ],
        ),
    ]
