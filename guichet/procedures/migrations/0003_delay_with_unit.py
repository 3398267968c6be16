"""A delay is a number and a unit. Existing versions keep their meaning: their days stay days."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_personal_folder")]

    operations = [
        migrations.RenameField("procedureversion", "instruction_days", "instruction_delay"),
        migrations.AddField(
            model_name="procedureversion",
            name="instruction_unit",
            field=models.CharField(
                choices=[("jours", "jours"), ("semaines", "semaines"), ("mois", "mois")],
                default="jours",
                max_length=10,
                verbose_name="unité du délai d'instruction",
            ),
        ),
        migrations.AlterField(
            model_name="procedureversion",
            name="instruction_unit",
            field=models.CharField(
                choices=[("jours", "jours"), ("semaines", "semaines"), ("mois", "mois")],
                default="mois",
                max_length=10,
                verbose_name="unité du délai d'instruction",
            ),
        ),
        migrations.AlterField(
            model_name="procedureversion",
            name="instruction_delay",
            field=models.PositiveIntegerField(default=2, verbose_name="délai d'instruction"),
        ),
    ]
