from django.core.management import call_command


def test_models_and_migrations_agree(db: None) -> None:
    # A model change without its migration would pass tests here and fail in production.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
