.PHONY: run test setup

# Start the app with demo data on the embedded SQLite database: http://localhost:3000
run:
	bash scripts/run.sh

# Run every test suite (SQLite, then PostgreSQL + Redis; browser tests in Chromium)
test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh --test
