# t/: project-wide checks; each module registers its own tests in its
# local.mk.
TESTS += t/headers.sh t/style.sh
EXTRA_DIST += t/headers.sh t/style.sh t/run-all.sh t/data/README.md
