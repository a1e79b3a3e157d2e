"""Load the stable codes of taxonomy.md; an operator adds more from the admin."""

import json
from pathlib import Path

from django.db import migrations

MODELS = {
    "stage": "Stage",
    "domain": "Domain",
    "actor_type": "ActorType",
    "legal_form": "LegalForm",
    "instrument": "Instrument",
    "programme_kind": "ProgrammeKind",
}


def load(apps, schema_editor):
    data = json.loads((Path(__file__).parent.parent / "data" / "taxonomy.json").read_text())
    for vocabulary, rows in data.items():
        model = apps.get_model("vocabularies", MODELS[vocabulary])
        for position, (code, label_fr, label_en) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"label_fr": label_fr, "label_en": label_en, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
