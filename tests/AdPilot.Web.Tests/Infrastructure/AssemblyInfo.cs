using AdPilot.Storage.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresCluster))]
