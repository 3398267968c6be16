"""The single assignee of a dossier becomes its first follower (followers replace the one owner)."""

from django.db import migrations


def assignees_become_followers(apps, schema_editor):
    Dossier = apps.get_model("procedures", "Dossier")
    Follower = apps.get_model("instruction", "Follower")
    followers = [
        Follower(dossier_id=dossier_id, user_id=user_id, since=updated_at)
        for dossier_id, user_id, updated_at in Dossier.objects.filter(assigned_to__isnull=False)
        .values_list("pk", "assigned_to_id", "updated_at")
        .iterator(chunk_size=2000)
    ]
    Follower.objects.bulk_create(followers, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("instruction", "0001_initial"),
        ("procedures", "0005_pieces_brought_later"),
    ]

    operations = [migrations.RunPython(assignees_become_followers, migrations.RunPython.noop)]
