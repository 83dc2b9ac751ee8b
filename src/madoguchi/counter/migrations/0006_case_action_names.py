"""Cases recorded under an action's API 1.0 name take its name now (the catalog's
procedure id; rules/lifecycle/actions.py), so the resident's page can name them.
The mapping is frozen here: a migration must not follow later registry edits."""

from django.db import migrations

RENAMED = {
    "suspend": "suspend-lost-card",
    "hand-over": "card-pickup",
    "change-face-info": "card-info-change",
    "change-period-of-stay": "period-of-stay-change",
    "reset-pin": "pin-reset",
    "renew-certificates": "certificate-renewal",
    "issue-signature-certificate": "signature-certificate-issue",
    "change-my-number": "my-number-change",
    "return": "card-return",
}


def rename(apps, schema_editor, mapping=RENAMED):
    Case = apps.get_model("counter", "Case")
    for old, new in mapping.items():
        Case.objects.filter(action=old).update(action=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("counter", "0005_resident_language")]

    operations = [migrations.RunPython(rename, rename_back)]
