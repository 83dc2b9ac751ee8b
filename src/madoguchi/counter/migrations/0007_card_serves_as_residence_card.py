"""特定在留カード: a card may also be its holder's residence card (FACTS.md §9)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("counter", "0006_case_action_names")]

    operations = [
        migrations.AddField(
            model_name="card",
            name="serves_as_residence_card",
            field=models.BooleanField(default=False),
        ),
    ]
