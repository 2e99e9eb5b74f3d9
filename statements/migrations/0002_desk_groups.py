"""Create the Editors and Reviewers groups with the permissions the desk needs."""

from django.db import migrations

EDITOR_PERMS = {
    "statement": ["add", "change", "view"],
    "source": ["add", "change", "delete", "view"],
    "speaker": ["add", "change", "view"],
    "speakeralias": ["add", "change", "delete", "view"],
    "outlet": ["add", "change", "view"],
    "topic": ["add", "change", "view"],
    "statementrelation": ["add", "change", "delete", "view"],
    "verdict": ["add", "change", "view"],
    "evidencelink": ["add", "change", "delete", "view"],
    "revision": ["view"],
    "statementevent": ["view"],
    "correction": ["view"],
}
REVIEWER_PERMS = {**EDITOR_PERMS, "correction": ["view"]}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in (("Editors", EDITOR_PERMS), ("Reviewers", REVIEWER_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{action}_{model}" for model, actions in spec.items() for action in actions]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="statements", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
