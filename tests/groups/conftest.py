from tests.groups.blocs import blocs  # noqa: F401 (fixture)
