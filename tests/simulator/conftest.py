from portalwatch.simulator.pytest_fixture import simulator, simulator_module  # noqa: F401
